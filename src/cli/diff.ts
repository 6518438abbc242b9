import { createTwoFilesPatch } from 'diff';

/**
 * A unified diff of one file as `git diff` prints it (`--- a/file`, `+++ b/file`, `@@` hunks with `context`
 * lines), by jsdiff's `createTwoFilesPatch`: line-ending-only and final-newline-only changes get their hunk,
 * a missing final newline is marked `\ No newline at end of file`, CR bytes stay in the lines, and a created
 * file diffs against /dev/null, so `--dry-run` output applies with `git apply`. Empty string when equal.
 */
export function unifiedDiff(displayPath: string, before: string | undefined, after: string, context = 3): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${displayPath}`, `b/${displayPath}`, before ?? '', after, undefined, undefined, { context });
  // jsdiff opens with a "=====" separator line that git does not write.
  return patch.replace(/^=+\n/, '');
}
