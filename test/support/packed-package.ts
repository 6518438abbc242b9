// The npm package as users get it: `npm pack` (its prepack script builds dist/ first), then the tarball
// installed into a fresh folder outside the repository. Done once per test process and shared by every suite
// that needs it (package contents, `npx nextauth-scaffold`, the ESLint plugin); removed when the process exits.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..');

export interface InstalledPackage {
  /** The .tgz `npm pack` wrote. */
  readonly tarball: string;
  /** Bytes of the .tgz, and of its files unpacked. */
  readonly packedBytes: number;
  readonly unpackedBytes: number;
  /** Paths inside the package, as `npm pack --json` lists them. */
  readonly files: readonly string[];
  /** A fresh folder (package.json, node_modules/nextauth-scaffold from the tarball). */
  readonly consumer: string;
  /** Seconds `npm pack` (build included) and `npm install` took, for the report. */
  readonly seconds: { readonly pack: number; readonly install: number };
}

let installed: InstalledPackage | undefined;

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * Packs the repository and installs the tarball into a fresh temp folder, once per process. `extraPackages`
 * (folders, e.g. the repository's own `@typescript-eslint/parser`) are installed beside it as links, so no
 * registry download is needed; the first call decides them.
 */
export function installedPackage(
  extraPackages: readonly string[] = ['@typescript-eslint/parser', 'eslint', 'eslint-config-next', 'next'].map((name) => path.join(repoRoot, 'node_modules', ...name.split('/'))),
): InstalledPackage {
  if (installed) return installed;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-npm-package-'));
  process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
  const packStart = process.hrtime.bigint();
  const packOutput = run('npm', ['pack', '--json', '--pack-destination', work], repoRoot);
  // The JSON array is the end of stdout; anything a build step printed before it is not part of it.
  const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[/m))) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
  const packSeconds = Number(process.hrtime.bigint() - packStart) / 1e9;
  const tarball = path.join(work, packed[0].filename);
  const consumer = path.join(work, 'consumer');
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
  const installStart = process.hrtime.bigint();
  run('npm', ['install', '--prefer-offline', '--no-save', tarball, ...extraPackages], consumer);
  const installSeconds = Number(process.hrtime.bigint() - installStart) / 1e9;
  installed = {
    tarball,
    packedBytes: packed[0].size,
    unpackedBytes: packed[0].unpackedSize,
    files: packed[0].files.map((f) => f.path),
    consumer,
    seconds: { pack: packSeconds, install: installSeconds },
  };
  return installed;
}

/** Writes `files` (relative paths) under a new folder inside the consumer, so its node_modules resolve. */
export function consumerProject(name: string, files: Record<string, string>): string {
  const dir = path.join(installedPackage().consumer, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** ESLint 9, the previous major (the repository's devDependency is the current one), for the plugin's tests. */
export const ESLINT_9_VERSION = '9.39.5';
let eslint9Bin: string | undefined;

/**
 * Installs ESLint 9 from the npm registry (the npm cache serves repeats) into its own folder beside the consumer,
 * once per process, and returns its CLI script. Linting a project under the consumer with it loads the plugin
 * from the installed package, as a project on ESLint 9 would.
 */
export function eslint9(): string {
  if (eslint9Bin) return eslint9Bin;
  const dir = path.join(path.dirname(installedPackage().consumer), 'eslint9');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'eslint9', version: '1.0.0', private: true }, null, 2)}\n`);
  run('npm', ['install', '--prefer-offline', '--no-save', `eslint@${ESLINT_9_VERSION}`], dir);
  eslint9Bin = path.join(dir, 'node_modules', 'eslint', 'bin', 'eslint.js');
  return eslint9Bin;
}
