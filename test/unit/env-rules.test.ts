// weak-auth-secret / secret-in-public-env: dotenv files, read by `check` on a folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkPaths } from '../../src/core/analyze';
import { analyzeEnvFile, isEnvFileName } from '../../src/core/analyze/env-rules';
import { NodeFileSystem } from '../../src/core/file-system';

const STRONG = 'Zr3k9Qm1V0pXw7LcT2yH8uN5sB4dF6gJ+aE0oI1qKx='; // 44 characters, as `openssl rand -base64 32` prints

describe('env-file rules', () => {
  it('flags a short or placeholder NEXTAUTH_SECRET / AUTH_SECRET on its value', () => {
    const text = `# comment\nNEXTAUTH_SECRET=changeme\nexport AUTH_SECRET="abc123"\nNEXTAUTH_URL=http://localhost:3000\n`;
    const findings = analyzeEnvFile('/app/.env', text);
    assert.deepStrictEqual(findings.map((f) => [f.rule, f.range.start.line, f.range.start.character]), [['weak-auth-secret', 1, 16], ['weak-auth-secret', 2, 19]]);
    assert.match(findings[0].message, /known placeholder \("changeme"\)/);
    assert.match(findings[1].message, /6 bytes long, shorter than 32/);
  });

  it('accepts a strong secret, an empty one (set elsewhere) and unrelated keys', () => {
    const text = `AUTH_SECRET=${STRONG}\nNEXTAUTH_SECRET=\nSECRET=x\nNEXT_PUBLIC_API_URL=https://api.example.com\nNEXT_PUBLIC_MAPBOX_TOKEN=pk.abc\n`;
    assert.deepStrictEqual(analyzeEnvFile('/app/.env.local', text), []);
  });

  it('flags secrets exposed as NEXT_PUBLIC_*, on the name', () => {
    const text = `NEXT_PUBLIC_AUTH_SECRET=${STRONG}\nNEXT_PUBLIC_DB_PASSWORD='hunter2-but-longer'\n`;
    const findings = analyzeEnvFile('/app/.env', text);
    assert.deepStrictEqual(findings.map((f) => [f.rule, f.range.start.line, f.range.start.character, f.range.end.character]), [
      ['secret-in-public-env', 0, 0, 23],
      ['secret-in-public-env', 1, 0, 23],
    ]);
  });

  it('reads values as dotenv (and so Next.js) does: `KEY: value`, inline comments, the last definition wins', () => {
    const text = `NEXTAUTH_SECRET: changeme\nAUTH_SECRET=short\nAUTH_SECRET=${STRONG} # rotated\n`;
    const findings = analyzeEnvFile('/app/.env', text);
    assert.deepStrictEqual(findings.map((f) => [f.rule, f.range.start.line, f.range.start.character]), [['weak-auth-secret', 0, 17]]);
    assert.match(findings[0].message, /known placeholder \("changeme"\)/);
  });

  it('reads .env, .env.local, .env.production but not templates', () => {
    assert.deepStrictEqual(['.env', '.env.local', '.env.production.local', '.env.example', '.env.sample', '.env.template', 'env.ts', '.envrc'].map(isEnvFileName), [true, true, true, false, false, false, false, false]);
  });

  it('check on a folder reports env findings next to source findings, skipping templates', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-env-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{}');
      fs.writeFileSync(path.join(dir, '.env'), 'NEXTAUTH_SECRET=secret\n');
      fs.writeFileSync(path.join(dir, '.env.example'), 'NEXTAUTH_SECRET=secret\n');
      fs.writeFileSync(path.join(dir, 'auth.ts'), "import NextAuth from 'next-auth';\nexport const { auth } = NextAuth({ providers: [] });\n");
      const report = checkPaths(new NodeFileSystem(), [dir]);
      assert.deepStrictEqual(report.findings.map((f) => [path.basename(f.file), f.line, f.column, f.rule, f.severity]), [['.env', 1, 17, 'weak-auth-secret', 'warning']]);
      assert.strictEqual(report.filesChecked, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
