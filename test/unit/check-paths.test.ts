import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkPaths, formatCheckText, readJwtAugmentation } from '../../src/core/analyze';
import { InMemoryFileSystem, NodeFileSystem } from '../../src/core/file-system';
import { SEED_TUTORIAL, v4WithoutRefresh } from './analyze-corpus';

const WHOLE_TOKEN = v4WithoutRefresh(`    async session({ session, token }) {
      session.user = token;
      return session;
    },`);
/** 1-based line of the first line containing `needle`. */
const lineOf = (code: string, needle: string) => code.split('\n').findIndex((l) => l.includes(needle)) + 1;
const SAFE = `export const authOptions = { callbacks: { session: ({ session }) => session } };\n`;

function writeTree(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

describe('checkPaths on a temp folder', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'check-paths-'));
    writeTree(root, {
      'package.json': '{"dependencies":{"next":"15.0.0"}}',
      'app/api/auth/[...nextauth]/route.ts': SEED_TUTORIAL,
      'lib/auth.js': WHOLE_TOKEN,
      'lib/safe.ts': SAFE,
      'lib/styles.css': 'session { callbacks: 1 }',
      'types/next-auth.d.ts': SEED_TUTORIAL,
      'node_modules/pkg/index.js': SEED_TUTORIAL,
      '.next/server/chunk.js': SEED_TUTORIAL,
      'dist/a.js': SEED_TUTORIAL,
      'build/a.js': SEED_TUTORIAL,
      'out/a.js': SEED_TUTORIAL,
      'coverage/a.js': SEED_TUTORIAL,
      '.git/hooks/a.js': SEED_TUTORIAL,
      'src/deep/er/still/auth.mjs': WHOLE_TOKEN,
    });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('recurses, skips dependency and build folders and .d.ts, and maps findings to 1-based positions', () => {
    const report = checkPaths(new NodeFileSystem(), [root]);
    const seedLine = lineOf(SEED_TUTORIAL, 'session.user = token');
    const wholeLine = lineOf(WHOLE_TOKEN, 'session.user = token');
    assert.deepStrictEqual([seedLine, wholeLine], [34, 12]);
    assert.deepStrictEqual(report.unreadable, []);
    assert.strictEqual(report.filesChecked, 4);
    assert.deepStrictEqual(
      report.findings.map((f) => [path.relative(root, f.file), f.line, f.column, f.endLine, f.endColumn, f.rule]),
      [
        ['app/api/auth/[...nextauth]/route.ts', seedLine, 22, seedLine, 27, 'session-exposes-refresh-token'],
        ['lib/auth.js', wholeLine, 22, wholeLine, 27, 'session-exposes-token'],
        ['src/deep/er/still/auth.mjs', wholeLine, 22, wholeLine, 27, 'session-exposes-token'],
      ],
    );
  });

  it('emits exactly the CLI JSON fields', () => {
    const [finding] = checkPaths(new NodeFileSystem(), [path.join(root, 'lib')]).findings;
    assert.deepStrictEqual(Object.keys(finding).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'relatedLocations', 'rule', 'severity']);
    assert.strictEqual(finding.severity, 'warning');
    assert.strictEqual(finding.file, path.join(root, 'lib', 'auth.js'));
    assert.strictEqual(checkPaths(new NodeFileSystem(), [path.join(root, 'lib')], { severity: 'error' }).findings[0].severity, 'error');
  });

  it('lists missing paths as unreadable and still checks the rest', () => {
    const missing = path.join(root, 'nope');
    const report = checkPaths(new NodeFileSystem(), [missing, path.join(root, 'lib', 'auth.js')]);
    assert.deepStrictEqual(report.unreadable, [missing]);
    assert.strictEqual(report.filesChecked, 1);
    assert.strictEqual(report.findings.length, 1);
  });

  it('terminates on a symlink cycle', () => {
    const cyclic = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'check-cycle-'));
    try {
      fs.writeFileSync(path.join(cyclic, 'auth.js'), WHOLE_TOKEN);
      fs.symlinkSync(cyclic, path.join(cyclic, 'loop'), 'dir');
      const report = checkPaths(new NodeFileSystem(), [cyclic]);
      assert.ok(report.filesChecked >= 1);
      assert.ok(report.findings.length >= 1);
    } finally {
      fs.rmSync(cyclic, { recursive: true, force: true });
    }
  });

  it('checks a file named twice once', () => {
    const file = path.join(root, 'lib', 'auth.js');
    assert.strictEqual(checkPaths(new NodeFileSystem(), [file, file, path.join(root, 'lib')]).findings.length, 1);
  });

  it('formats text as path:line:col  severity  message  rule with a summary', () => {
    const report = checkPaths(new NodeFileSystem(), [path.join(root, 'lib'), path.join(root, 'missing.ts')]);
    const lines = formatCheckText(report, root).trimEnd().split('\n');
    assert.match(lines[0], /^lib\/auth\.js:12:22 {2}warning {2}The session callback exposes the whole JWT\..* {2}session-exposes-token$/);
    assert.strictEqual(lines[1], 'missing.ts: cannot read (no such file or folder, or not readable)');
    assert.strictEqual(lines[2], '1 problem (0 errors, 1 warning) in 2 files checked.');
    assert.strictEqual(formatCheckText({ findings: [], unreadable: [], filesChecked: 1 }, root), 'No problems found (1 file checked).\n');
  });
});

describe('checkPaths with the JWT augmentation of the nearest app', () => {
  const augmentation = `import "next-auth/jwt";
declare module "next-auth/jwt" {
  interface JWT {
    accessToken?: string;
    refreshToken?: string;
  }
}
`;
  it('turns a whole-token exposure into a refresh-token exposure per app, reading each app once', () => {
    const files = {
      '/repo/apps/web/package.json': '{}',
      '/repo/apps/web/types/next-auth.d.ts': augmentation,
      '/repo/apps/web/lib/auth.js': WHOLE_TOKEN,
      '/repo/apps/admin/package.json': '{}',
      '/repo/apps/admin/lib/auth.js': WHOLE_TOKEN,
    };
    let reads = 0;
    const memory = new InMemoryFileSystem(files);
    const counting = Object.assign(Object.create(memory) as InMemoryFileSystem, {
      readFile(p: string) {
        if (p.endsWith('.d.ts')) reads++;
        return memory.readFile(p);
      },
    });
    const report = checkPaths(counting, ['/repo/apps/web/lib', '/repo/apps/web/lib/auth.js', '/repo/apps/admin']);
    assert.deepStrictEqual(
      report.findings.map((f) => [f.file, f.rule]),
      [
        ['/repo/apps/admin/lib/auth.js', 'session-exposes-token'],
        ['/repo/apps/web/lib/auth.js', 'session-exposes-refresh-token'],
      ],
    );
    assert.strictEqual(reads, 1);
  });
});

describe('readJwtAugmentation', () => {
  it('reads the JWT fields and their ranges from next-auth/jwt and @auth/core/jwt declarations', () => {
    const memory = new InMemoryFileSystem({
      '/app/package.json': '{}',
      '/app/next-auth.d.ts': `import "next-auth/jwt";\ndeclare module "next-auth/jwt" {\n  interface JWT {\n    id: string;\n    refreshToken?: string;\n  }\n}\n`,
      '/app/src/types/auth.d.ts': `declare module "@auth/core/jwt" {\n  interface JWT { "accessToken": string; id: string }\n}\n`,
      '/app/src/types/other.d.ts': `declare module "next-auth" {\n  interface Session { refreshToken: string }\n}\n`,
      '/app/node_modules/x/index.d.ts': `declare module "next-auth/jwt" { interface JWT { leaked: string } }`,
    });
    const found = readJwtAugmentation(memory, '/app');
    assert.ok(found);
    assert.strictEqual(found.file, '/app/next-auth.d.ts');
    assert.deepStrictEqual(found.fields.map((f) => f.name), ['id', 'refreshToken', 'accessToken']);
    assert.deepStrictEqual(found.fields[1].range, { start: { line: 4, character: 4 }, end: { line: 4, character: 26 } });
  });

  it('returns undefined when the app declares no JWT augmentation', () => {
    assert.strictEqual(readJwtAugmentation(new InMemoryFileSystem({ '/app/package.json': '{}', '/app/a.ts': 'export {}' }), '/app'), undefined);
  });
});
