// Issue 9 item 5: the analyzer fails closed. A file it cannot finish (does not parse, or nests past the explicit
// depth budget) yields one `analysis-incomplete` finding with file and line; `check` exits 2 and its JSON carries it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { analyzeSource, type Finding } from '../../src/core/analyze';
import { analyzeUnguarded } from '../../src/core/analyze/analyze-source';
import { MAX_BRACKET_NESTING, MAX_TREE_DEPTH, bracketOverflow } from '../../src/core/analyze/depth-budget';
import { fakeIO } from './cli-support';
import { tempFolder } from './safety-support';

const JWT = 'async jwt({ token, user }) { if (user) token.refreshToken = (user as any).refreshToken; return token; },';

function config(sessionBody: string): string {
  return `import type { NextAuthOptions } from "next-auth";\nexport const authOptions: NextAuthOptions = {\n  providers: [],\n  callbacks: {\n    ${JWT}\n    async session({ session, token }) {\n      ${sessionBody}\n      return session;\n    },\n  },\n};\n`;
}

function rules(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule}@${f.range.start.line + 1}`);
}

describe('analyzer fails closed: analysis-incomplete', () => {
  it('a leak wrapped in 722 parentheses: one analysis-incomplete finding on its line, from the budget (no exception)', () => {
    const text = config(`session.user = ${'('.repeat(722)}token${')'.repeat(722)} as any;`);
    // The unguarded entry point: the budget, not a caught stack overflow, produces the finding.
    const findings = analyzeUnguarded('/app/lib/auth.ts', text);
    assert.deepStrictEqual(rules(findings), ['analysis-incomplete@7']);
    assert.match(findings[0].message, /deeper than 200 levels/);
    assert.deepStrictEqual(findings[0].fixes, []);
    assert.deepStrictEqual(rules(analyzeSource('/app/lib/auth.ts', text)), ['analysis-incomplete@7']);
  });

  it('within the budget, the same leak in 150 parentheses is found', () => {
    const text = config(`session.user = ${'('.repeat(150)}token${')'.repeat(150)} as any;`);
    assert.deepStrictEqual(rules(analyzeUnguarded('/app/lib/auth.ts', text)), ['session-exposes-refresh-token@7']);
  });

  it('depth that brackets do not show (a long left-nested chain) stops at the tree budget and reports', () => {
    const chain = Array.from({ length: MAX_TREE_DEPTH + 200 }, (_, i) => `a${i}`).join(' + ');
    const text = config(`session.note = ${chain} + token.refreshToken;`);
    const findings = analyzeUnguarded('/app/lib/auth.js', text);
    assert.ok(findings.some((f) => f.rule === 'analysis-incomplete' && f.range.start.line === 6), JSON.stringify(rules(findings)));
  });

  it('an alias chain longer than the evaluation budget reports instead of recursing without end', () => {
    const aliases = Array.from({ length: 600 }, (_, i) => `const t${i + 1} = t${i};`).join(' ');
    const text = config(`const t0 = token; ${aliases} session.user = t600;`);
    const findings = analyzeUnguarded('/app/lib/auth.js', text);
    assert.deepStrictEqual(
      findings.map((f) => f.rule),
      ['analysis-incomplete'],
    );
  });

  it('a file that does not parse: the leaks found so far plus analysis-incomplete at the syntax error', () => {
    const text = config('session.refreshToken = token.refreshToken;').replace('  },\n};', '  ,\n};');
    const findings = analyzeSource('/app/lib/auth.ts', text);
    assert.deepStrictEqual(rules(findings), ['session-exposes-refresh-token@7', 'analysis-incomplete@10']);
    assert.match(findings[1].message, /does not parse \(.+ expected\)/);
  });

  it('a file with no session callback in sight stays silent even when broken; brackets in strings and comments do not count', () => {
    assert.deepStrictEqual(analyzeSource('/app/lib/util.ts', 'export const x = {;'), []);
    const deepText = `const s = "${'('.repeat(400)}"; // ${'{'.repeat(400)}\n/* ${'['.repeat(400)} */ const t = \`${'('.repeat(400)}\${ ${'('.repeat(3)}1${')'.repeat(3)} }\`;`;
    assert.strictEqual(bracketOverflow(deepText), -1);
    // `${` opens one level at offset 5; the bracket that passes the budget is the MAX_BRACKET_NESTING-th `[`.
    assert.strictEqual(bracketOverflow(`x = \`\${${'['.repeat(MAX_BRACKET_NESTING)}\``), 6 + MAX_BRACKET_NESTING);
  });

  it('check: exit 2, the finding in JSON (file, line, rule, severity info), and a summary that says so', async () => {
    const root = tempFolder('nextauth-incomplete-');
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    fs.writeFileSync(path.join(root, 'auth.ts'), config(`session.user = ${'('.repeat(722)}token${')'.repeat(722)} as any;`));
    const json = fakeIO(root);
    assert.strictEqual(await main(['check', '.', '--format', 'json'], json.io), 2);
    const findings = JSON.parse(json.out.join('')) as Array<{ file: string; line: number; rule: string; severity: string }>;
    assert.deepStrictEqual(
      findings.map((f) => [path.basename(f.file), f.line, f.rule, f.severity]),
      [['auth.ts', 7, 'analysis-incomplete', 'info']],
    );
    const text = fakeIO(root);
    assert.strictEqual(await main(['check', '.'], text.io), 2);
    assert.match(text.out.join(''), /auth\.ts:7:\d+ {2}info {2}The session-leak analysis of this file is incomplete/);
    assert.match(text.out.join(''), /No problems found \(1 file checked\)\. 1 file could not be fully analyzed \(analysis-incomplete\)\./);
  });
});
