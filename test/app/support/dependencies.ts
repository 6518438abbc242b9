import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The packages a set of test apps runs on: one Next.js, one next-auth, React and the TypeScript toolchain
 * `next build` needs. Apps that share a set share one install: they are created inside its folder, so
 * Node's resolution finds the install's node_modules one level up, as in a monorepo.
 */
export interface DependencySet {
  readonly name: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

const TYPESCRIPT = { typescript: '5.9.3', '@types/node': '20.19.43' };
const REACT_19 = { react: '19.3.1', 'react-dom': '19.3.1' };
const REACT_19_TYPES = { '@types/react': '19.3.0', '@types/react-dom': '19.3.0' };
/** The Redis client the generated refresh store uses (`init --refresh-store redis` adds it to the app). */
const REDIS_CLIENT = { redis: '6.3.1' };

/** Exact versions, so a cached install is the install. next-auth as the README names them. */
export const DEPENDENCY_SETS = {
  next16v4: { name: 'next16-next-auth4', dependencies: { next: '16.4.6', ...REACT_19, 'next-auth': '4.24.15', ...REDIS_CLIENT }, devDependencies: { ...TYPESCRIPT, ...REACT_19_TYPES } },
  next16v5: { name: 'next16-next-auth5', dependencies: { next: '16.4.6', ...REACT_19, 'next-auth': '5.0.0-beta.32', ...REDIS_CLIENT }, devDependencies: { ...TYPESCRIPT, ...REACT_19_TYPES } },
  next15v5: { name: 'next15-next-auth5', dependencies: { next: '15.5.29', ...REACT_19, 'next-auth': '5.0.0-beta.32' }, devDependencies: { ...TYPESCRIPT, ...REACT_19_TYPES } },
} satisfies Record<string, DependencySet>;

/**
 * The folder holding `set`'s install (`node_modules` inside), installing it from the npm registry when the
 * cache has no complete install of exactly these versions. `cacheRoot` is kept between runs.
 */
export function ensureInstalled(cacheRoot: string, set: DependencySet, log: (line: string) => void): string {
  const manifest = { name: `nextauth-app-suite-${set.name}`, private: true, dependencies: set.dependencies, devDependencies: set.devDependencies };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const dir = path.join(cacheRoot, `${set.name}-${createHash('sha256').update(text).digest('hex').slice(0, 10)}`);
  const done = path.join(dir, '.installed');
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), text);
  const started = Date.now();
  log(`installing ${Object.entries(set.dependencies).map(([n, v]) => `${n}@${v}`).join(' ')} into ${dir}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  fs.writeFileSync(done, `${new Date().toISOString()}\n`);
  log(`installed ${set.name} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}
