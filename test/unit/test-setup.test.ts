// The test set-up on a fresh machine: scripts/ensure-system-packages.sh (the one list of Debian packages the
// suite needs) run against stub dpkg-query / id / apt-get, and the contract that `.ci/run` runs exactly the
// README's two commands (so every CI run exercises that installation).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..');
const script = path.join(repoRoot, 'scripts', 'ensure-system-packages.sh');
const bash = ['/bin/bash', '/usr/bin/bash'].find((candidate) => fs.existsSync(candidate)) ?? 'bash';

/** The packages the script lists (every word of the PACKAGES array, comments dropped). */
function listedPackages(): string[] {
  const text = fs.readFileSync(script, 'utf8');
  const body = /^PACKAGES=\(\n([\s\S]*?)^\)/m.exec(text);
  assert.ok(body, 'the script has a PACKAGES=( … ) list');
  return body[1].split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean).flatMap((line) => line.split(/\s+/));
}

interface Machine {
  /** Packages dpkg reports installed; `undefined` = no dpkg-query (not Debian). */
  installed?: string[];
  uid?: number;
  /** Whether apt-get exists; `fails` makes its install exit 100 without installing. */
  apt?: 'works' | 'fails' | 'absent';
  env?: Record<string, string>;
}

/** Runs the script on a fake machine: PATH holds only stubs, so nothing real is queried or installed. */
function runOn(machine: Machine) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-setup-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const installedFile = path.join(dir, 'installed');
  const aptLog = path.join(dir, 'apt.log');
  fs.writeFileSync(installedFile, (machine.installed ?? []).map((p) => `${p}\n`).join(''));
  fs.writeFileSync(aptLog, '');
  const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!${bash}\n${body}\n`, { mode: 0o755 });
  // dpkg-query -W -f='${db:Status-Abbrev}' NAME
  if (machine.installed) stub('dpkg-query', `while read -r p; do [ "$p" = "\${@: -1}" ] && { printf 'ii '; exit 0; }; done < "${installedFile}"; exit 1`);
  stub('id', `echo ${machine.uid ?? 0}`);
  stub('flock', 'exit 0');
  if (machine.apt !== 'absent') {
    const install = machine.apt === 'fails' ? 'exit 100' : `for p in "$@"; do case "$p" in -*|install) ;; *) echo "$p" >> "${installedFile}";; esac; done`;
    stub('apt-get', `echo "$*" >> "${aptLog}"; [ "$1" = install ] && { ${install}; }; exit 0`);
  }
  const result = spawnSync(bash, [script], {
    encoding: 'utf8',
    env: { PATH: bin, NEXTAUTH_APT_LOCK: path.join(dir, 'apt.lock'), ...machine.env },
  });
  const apt = fs.readFileSync(aptLog, 'utf8').split('\n').filter(Boolean);
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, apt };
}

describe('test set-up: ensure-system-packages.sh', () => {
  const all = listedPackages();

  it('lists what the code-server install, the browser tests and the multi-instance scenarios (redis-server) need', () => {
    for (const needed of ['ripgrep', 'libkrb5-dev', 'build-essential', 'python3', 'chromium', 'redis-server']) assert.ok(all.includes(needed), `${needed} is listed`);
  });

  it('all installed: silent, and apt-get is not run', () => {
    const run = runOn({ installed: all, uid: 0 });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.strictEqual(run.stdout + run.stderr, '');
    assert.deepStrictEqual(run.apt, []);
  });

  it('root with apt-get: installs exactly the missing packages and says so', () => {
    const run = runOn({ installed: all.filter((p) => p !== 'chromium' && p !== 'ripgrep'), uid: 0 });
    assert.strictEqual(run.status, 0, run.stderr);
    assert.match(run.stdout, /installing the Debian packages it needs: ripgrep chromium \(apt-get install\)/);
    assert.deepStrictEqual(run.apt, ['update -qq', 'install -y -qq --no-install-recommends ripgrep chromium']);
  });

  it('not root: stops with one message naming the exact command, and installs nothing', () => {
    const run = runOn({ installed: all.filter((p) => p !== 'libkrb5-dev'), uid: 1000 });
    assert.strictEqual(run.status, 1);
    assert.strictEqual(run.stdout, '');
    assert.strictEqual(
      run.stderr,
      'npm test needs these Debian packages, which are not installed: libkrb5-dev. Install them, then run npm test again:\n' +
        '  sudo apt-get update && sudo apt-get install -y --no-install-recommends libkrb5-dev\n',
    );
    assert.deepStrictEqual(run.apt, []);
  });

  it('a failed apt-get install stops the run', () => {
    const run = runOn({ installed: all.filter((p) => p !== 'curl'), uid: 0, apt: 'fails' });
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, /apt-get could not install: curl/);
  });

  it('root without apt-get: says what to install', () => {
    const run = runOn({ installed: [], uid: 0, apt: 'absent' });
    assert.strictEqual(run.status, 1);
    assert.match(run.stderr, new RegExp(`not installed: ${all.join(' ')}\\.`));
  });

  it('CHROMIUM names another browser: Debian chromium is not required', () => {
    const run = runOn({ installed: all.filter((p) => p !== 'chromium'), uid: 1000, env: { CHROMIUM: '/opt/browser/chrome' } });
    assert.strictEqual(run.status, 0, run.stderr);
  });

  it('not Debian: says it cannot check, and goes on', () => {
    const run = runOn({ installed: undefined, uid: 1000 });
    assert.strictEqual(run.status, 0);
    assert.match(run.stderr, /not a Debian system/);
  });
});

describe('test set-up: the README commands are what CI and npm test run', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const block = /## Try it: two commands[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme);
  const commands = (block?.[1] ?? '').split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);

  it('the README shows two commands', () => {
    assert.deepStrictEqual(commands, ['npm ci && npm run example', 'npm test']);
  });

  it('.ci/run runs the README commands and installs nothing itself', () => {
    const ci = fs.readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8');
    const lines = ci.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    for (const command of commands) assert.ok(lines.includes(command), `.ci/run runs "${command}"`);
    assert.doesNotMatch(ci, /apt-get|install-code-server/, 'installing is the test set-up\'s job');
  });

  it('npm test checks the system packages before anything else', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts.test, /^bash scripts\/ensure-system-packages\.sh && /);
  });
});
