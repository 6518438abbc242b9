import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { copyToTemp } from '../support/typecheck';
import { LEAKING_V5_ROUTE } from './analyze-corpus';
import { fakeIO, FIXTURE_APPS, snapshot } from './cli-support';

const repoRoot = path.resolve(__dirname, '..', '..');
const fixture = (name: string) => copyToTemp(path.join(FIXTURE_APPS, name));

function tempDir(files: Record<string, string>): string {
  const dir = copyToTemp(path.join(FIXTURE_APPS, 'app-router-src'));
  for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('cli: main', () => {
  it('usage errors exit 2 with the reason and a pointer to --help', async () => {
    for (const argv of [[], ['frobnicate'], ['init', '--bogus'], ['init', '--router', 'both'], ['check', '--format', 'yaml']]) {
      const fake = fakeIO(repoRoot);
      assert.strictEqual(await main(argv, fake.io), 2, argv.join(' '));
      assert.match(fake.err.join('\n'), /^error: .+\nRun "nextauth-scaffold --help" for usage\.$/);
    }
  });

  it('invalid settings flags exit 2 and name the problem', async () => {
    const dir = fixture('app-router-src');
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['init', '--dry-run', '--login-path', 'login', '--api-base-url-env', '1BAD'], fake.io), 2);
    assert.match(fake.text(), /"1BAD" is not a valid environment variable name/);
    assert.match(fake.text(), /login path "login" must be a URL path: "\/" followed by .*\(rule url-path\)/);
  });

  it('--help and --version', async () => {
    const help = fakeIO(repoRoot);
    assert.strictEqual(await main(['--help'], help.io), 0);
    assert.match(help.out.join(''), /nextauth-scaffold init \[dir\]/);
    const version = fakeIO(repoRoot);
    assert.strictEqual(await main(['--version'], version.io), 0);
    assert.strictEqual(version.out.join(''), JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('runs as a real process (src/cli.ts): --help exits 0, a usage error exits 2', () => {
    const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
    const help = run(['--help']);
    assert.strictEqual(help.status, 0, help.stderr);
    assert.match(help.stdout, /Exit codes:/);
    const bad = run(['init', '--nope']);
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stderr, /unknown option "--nope"/);
  });

  it('no Next.js app: says what was looked for, exits 1, writes nothing', async () => {
    const dir = tempDir({ 'README.md': '# not an app\n', 'web/package.json': '{"dependencies":{"react":"19.0.0"}}' });
    const before = snapshot(dir);
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 1);
    assert.match(fake.text(), /No Next\.js app found/);
    assert.match(fake.text(), /package\.json that lists "next"/);
    assert.deepStrictEqual(snapshot(dir), before);
  });

  it('a folder with several apps: lists them and refuses', async () => {
    const dir = tempDir({ 'apps/web/package.json': '{"dependencies":{"next":"15.0.0"}}', 'apps/admin/package.json': '{"dependencies":{"next":"15.0.0"}}' });
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 1);
    assert.match(fake.text(), /holds 2 Next\.js apps/);
    assert.match(fake.text(), /init apps\/admin\n.*init apps\/web/);
  });

  it('a missing folder is refused', async () => {
    const fake = fakeIO(repoRoot);
    assert.strictEqual(await main(['init', 'no/such/folder', '--yes'], fake.io), 1);
    assert.match(fake.text(), /no\/such\/folder is not a folder/);
  });

  it('an unparseable tsconfig: error with file:line, exit 1, nothing written', async () => {
    const dir = fixture('app-router-src');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{\n  "compilerOptions": {\n    "paths": { "@/*": ["./src/*"] \n  },\n  "include": [\n');
    const before = snapshot(dir);
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 1);
    assert.match(fake.err.join('\n'), /^error: tsconfig\.json:\d+: /m);
    assert.deepStrictEqual(snapshot(dir), before);
  });

  it('an unparseable package.json in the folder: error with file:line rather than "no app"', async () => {
    const dir = tempDir({ 'package.json': '{\n  "name": "shop",\n  "dependencies": {\n    "next": "15.0.0",,\n  }\n}\n' });
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 1);
    assert.match(fake.err.join('\n'), /^error: package\.json:4: package\.json does not parse/m);
  });

  it('an unparseable auth config: error with file:line, exit 1, nothing written', async () => {
    const dir = fixture('lib-auth-config');
    fs.writeFileSync(path.join(dir, 'lib', 'auth.ts'), 'import type { NextAuthOptions } from "next-auth";\n\nexport const authOptions: NextAuthOptions = {\n  providers: [\n    EmailProvider({ server: ,\n};\n');
    const before = snapshot(dir);
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 1);
    assert.match(fake.err.join('\n'), /^error: lib\/auth\.ts:\d+: /m);
    assert.deepStrictEqual(snapshot(dir), before);
  });

  it('--dry-run prints a unified diff and writes nothing', async () => {
    const dir = fixture('pages-router-oauth');
    const before = snapshot(dir);
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['init', '--dry-run'], fake.io), 0);
    const out = fake.out.join('\n');
    assert.match(out, /^--- a\/pages\/api\/auth\/\[\.\.\.nextauth\]\.ts\n\+\+\+ b\/pages\/api\/auth\/\[\.\.\.nextauth\]\.ts\n@@ -\d+,\d+ \+\d+,\d+ @@/m);
    assert.match(out, /^--- \/dev\/null\n\+\+\+ b\/pages\/login\.tsx/m);
    assert.match(out, /Dry run: nothing written\./);
    assert.deepStrictEqual(snapshot(dir), before);
  });

  it('without a terminal and without --yes: refuses, telling to pass --yes or --dry-run', async () => {
    const dir = fixture('app-router-src');
    const before = snapshot(dir);
    const fake = fakeIO(dir, { interactive: false });
    assert.strictEqual(await main(['init'], fake.io), 1);
    assert.match(fake.text(), /--yes.*--dry-run/);
    assert.deepStrictEqual(snapshot(dir), before);
  });

  it('on a terminal: asks "Apply? [y/N]"; no writes nothing, yes writes', async () => {
    const dir = fixture('app-router-src');
    const before = snapshot(dir);
    const declined = fakeIO(dir, { interactive: true, answers: [''] });
    assert.strictEqual(await main(['init'], declined.io), 1);
    assert.deepStrictEqual(declined.questions, ['Apply? [y/N] ']);
    assert.deepStrictEqual(snapshot(dir), before);
    const accepted = fakeIO(dir, { interactive: true, answers: ['y'] });
    assert.strictEqual(await main(['init'], accepted.io), 0);
    assert.match(accepted.out.join('\n'), /^created src\/app\/api\/auth\/\[\.\.\.nextauth\]\/route\.ts$/m);
    assert.ok(fs.existsSync(path.join(dir, 'src', 'app', 'api', 'auth', '[...nextauth]', 'route.ts')));
  });

  it('a file changed on disk between plan and apply: refuses and writes nothing', async () => {
    const dir = fixture('pages-router-oauth');
    let touched = '';
    const fake = fakeIO(dir, {
      interactive: true,
      answers: ['yes'],
      beforeAnswer: (out) => {
        // Edit the first file the plan updates (or pre-create the first it creates), as an editor would.
        const listed = out.join('\n').match(/^ {2}[~+] (.+)$/m);
        assert.ok(listed, 'no change listed');
        touched = listed[1];
        fs.mkdirSync(path.dirname(path.join(dir, touched)), { recursive: true });
        fs.appendFileSync(path.join(dir, touched), '\n// edited meanwhile\n');
      },
    });
    const before = snapshot(dir);
    assert.strictEqual(await main(['init'], fake.io), 1);
    assert.ok(touched);
    assert.match(fake.err.join('\n'), new RegExp(`${touched.replace(/[[\].*+?^${}()|\\]/g, '\\$&')} changed on disk after the plan was made; nothing written`));
    const after = snapshot(dir);
    const changedFiles = Object.keys({ ...before, ...after }).filter((f) => before[f] !== after[f]);
    assert.deepStrictEqual(changedFiles, [touched]);
  });

  it('a second run reports nothing to change and changes nothing', async () => {
    const dir = fixture('lib-auth-config');
    assert.strictEqual(await main(['init', '--yes'], fakeIO(dir).io), 0);
    const once = snapshot(dir);
    const again = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes'], again.io), 0);
    assert.match(again.out.join('\n'), /Nothing to change/);
    assert.deepStrictEqual(snapshot(dir), once);
  });

  it('init without --refresh-store keeps the Redis store an app uses; --refresh-store memory switches', async () => {
    const dir = fixture('app-router-src');
    assert.strictEqual(await main(['init', '--yes', '--refresh-store', 'redis'], fakeIO(dir).io), 0);
    const withRedis = snapshot(dir);
    const again = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes'], again.io), 0);
    assert.match(again.out.join('\n'), /Nothing to change/);
    assert.deepStrictEqual(snapshot(dir), withRedis);
    const toMemory = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes', '--refresh-store', 'memory'], toMemory.io), 0);
    const changed = Object.keys(snapshot(dir)).filter((file) => snapshot(dir)[file] !== withRedis[file]);
    assert.strictEqual(changed.length, 1, `only the auth options change: ${changed.join(', ')}`);
    assert.match(snapshot(dir)[changed[0]], /\?\?= inProcessRefreshStore\(\)/);
  });

  it('both routers: refuses without a terminal unless --router is given; asks on a terminal', async () => {
    const dir = fixture('app-router-src');
    fs.mkdirSync(path.join(dir, 'src', 'pages'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'pages', 'legacy.tsx'), 'export default function Legacy() {\n  return null;\n}\n');
    const refused = fakeIO(dir);
    assert.strictEqual(await main(['init', '--dry-run'], refused.io), 1);
    assert.match(refused.text(), /both the App Router \(app\/\) and the Pages Router \(pages\/\).*--router app or --router pages/);
    const chosen = fakeIO(dir);
    assert.strictEqual(await main(['init', '--dry-run', '--router', 'pages'], chosen.io), 0);
    assert.match(chosen.out.join('\n'), /Pages Router/);
    const asked = fakeIO(dir, { interactive: true, answers: ['app'] });
    assert.strictEqual(await main(['init', '--dry-run'], asked.io), 0);
    assert.match(asked.questions[0], /\[app\/pages\]/);
  });

  it('--types gives a JavaScript app a next-auth.d.ts (none without it)', async () => {
    const dir = fixture('js-app-router');
    const plain = fakeIO(dir);
    assert.strictEqual(await main(['init', '--dry-run'], plain.io), 0);
    assert.doesNotMatch(plain.out.join('\n'), /^\+\+\+ b\/(.*\/)?next-auth\.d\.ts$/m);
    const typed = fakeIO(dir);
    assert.strictEqual(await main(['init', '--dry-run', '--types'], typed.io), 0);
    assert.match(typed.out.join('\n'), /^\+\+\+ b\/(.*\/)?next-auth\.d\.ts$/m);
  });

  it('next-auth missing: says so with the install command, and still scaffolds', async () => {
    const dir = fixture('app-router-src');
    const pkgFile = path.join(dir, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    delete pkg.dependencies['next-auth'];
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
    fs.writeFileSync(path.join(dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 0);
    assert.match(fake.err.join('\n'), /warning: next-auth is not installed/);
    assert.match(fake.out.join('\n'), /Run: pnpm add next-auth@\^4\.24\.15/);
  });
});

describe('cli: check', () => {

  it('json: exactly one JSON array of findings with 1-based positions; exit 1 with findings', async () => {
    const dir = tempDir({ 'auth.ts': LEAKING_V5_ROUTE, 'app/page.tsx': 'export default function P() { return null; }\n' });
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['check', '--format', 'json'], fake.io), 1);
    const findings = JSON.parse(fake.out.join('\n')) as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(findings) && findings.length >= 1);
    assert.deepStrictEqual(Object.keys(findings[0]).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'relatedLocations', 'rule', 'severity']);
    assert.strictEqual(findings[0].rule, 'session-exposes-refresh-token');
    assert.strictEqual(findings[0].line, 10);
    // Where the refresh token enters the JWT, as the editor's relatedInformation shows it.
    assert.deepStrictEqual(findings[0].relatedLocations, [
      { file: path.join(dir, 'auth.ts'), line: 6, column: 20, message: 'The refresh token ("refreshToken") is stored in the JWT here, by the jwt callback.' },
    ]);
  });

  it('no findings: exit 0 and an empty JSON array', async () => {
    const dir = tempDir({ 'auth.ts': LEAKING_V5_ROUTE.replace('session.user = token as any;', 'session.user.name = token.name ?? null;') });
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['check', dir, '--format', 'json'], fake.io), 0);
    assert.deepStrictEqual(JSON.parse(fake.out.join('\n')), []);
  });

  it('a missing path: exit 2 naming it', async () => {
    const dir = tempDir({ 'auth.ts': LEAKING_V5_ROUTE });
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['check', 'auth.ts', 'nope.ts'], fake.io), 2);
    assert.match(fake.err.join('\n'), /cannot read .*nope\.ts/);
  });
});
