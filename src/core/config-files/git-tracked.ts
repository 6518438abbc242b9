import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * Which of `files` git tracks (`git ls-files`), as absolute paths. A secret written into a tracked file
 * goes out with the next `git commit -a`. Empty when the folder is not in a git work tree, git is not
 * installed, or a file is only ignored/untracked. Reads the index only; never changes it.
 */
export function gitTrackedFiles(files: readonly string[]): Set<string> {
  const tracked = new Set<string>();
  const byFolder = new Map<string, string[]>();
  for (const file of files) byFolder.set(path.dirname(file), [...(byFolder.get(path.dirname(file)) ?? []), path.basename(file)]);
  for (const [folder, names] of byFolder) {
    let output: string;
    try {
      output = execFileSync('git', ['ls-files', '-z', '--', ...names], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    } catch {
      continue;
    }
    for (const name of output.split('\0')) if (name) tracked.add(path.join(folder, name));
  }
  return tracked;
}
