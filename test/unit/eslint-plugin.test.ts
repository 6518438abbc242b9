import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ESLint, type Linter } from 'eslint';
import { analyzeSource } from '../../src/core/analyze';
import { consumerProject, eslint9, ESLINT_9_VERSION, installedPackage } from '../support/packed-package';
import { LEAKING_V5_ROUTE, v4WithoutRefresh } from './analyze-corpus';

const repoRoot = path.resolve(__dirname, '..', '..');
const eslintBin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');

const wholeTokenJs = v4WithoutRefresh('    session: ({ session, token }) => ({ ...session, ...token }),');

/** The README's three-line setup, plus the TypeScript parser with type information (projectService) for .ts files. */
const FLAT_CONFIG = `import tsParser from "@typescript-eslint/parser";
import nextauthScaffold from "nextauth-scaffold/eslint";

export default [
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  nextauthScaffold.configs.recommended,
];
`;

const FILES: Record<string, string> = {
  'package.json': '{"name":"lint-app","private":true}\n',
  'eslint.config.mjs': FLAT_CONFIG,
  'tsconfig.json': '{ "compilerOptions": { "strict": true, "noEmit": true, "skipLibCheck": true, "types": [] }, "include": ["**/*.ts"] }\n',
  'lib/auth.ts': LEAKING_V5_ROUTE,
  'lib/session.js': wholeTokenJs,
  'lib/disabled.ts': LEAKING_V5_ROUTE.replace('      session.user = token as any;', '      // eslint-disable-next-line nextauth-scaffold/session-exposes-refresh-token\n      session.user = token as any;'),
  'lib/ignored.ts': LEAKING_V5_ROUTE.replace('      session.user = token as any;', '      // nextauth-scaffold-ignore-next-line session-exposes-refresh-token\n      session.user = token as any;'),
  'lib/plain.ts': 'export const answer: number = 42;\n',
};

function engineModules(consumer: string): string[] {
  const engine = path.join(fs.realpathSync(consumer), 'node_modules', 'nextauth-scaffold', 'dist', 'engine.js');
  return Object.keys(require.cache).filter((key) => key === engine);
}

/** Applies an ESLint fix ({ range, text } into the linted text). */
function applyFix(text: string, fix: { range: [number, number]; text: string }): string {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

describe('ESLint plugin (nextauth-scaffold/eslint) from the installed package', function () {
  // The first test may pack and install the package (shared with the npm-package suite).
  this.timeout(300_000);
  let app: string;

  before(() => {
    app = consumerProject('lint-app', FILES);
  });

  it('loads the engine (TypeScript) only for a file that mentions a session, and only once', async () => {
    const eslint = new ESLint({ cwd: app });
    const [plain] = await eslint.lintFiles(['lib/plain.ts']);
    assert.deepStrictEqual(plain.messages, []);
    assert.deepStrictEqual(engineModules(installedPackage().consumer), [], 'no engine for a file without a session callback');
    await eslint.lintFiles(['lib/auth.ts', 'lib/session.js']);
    assert.strictEqual(engineModules(installedPackage().consumer).length, 1);
  });

  for (const [label, bin] of [['10 (the devDependency)', () => eslintBin], [`${ESLINT_9_VERSION} (from the registry)`, eslint9]] as const) {
    it(`real eslint ${label}, CLI on a flat config: the analyzer's ids, messages and exact ranges, typed parser and espree; eslint-disable and the ignore comment honoured`, () => {
      const result = spawnSync(process.execPath, [bin(), '--format', 'json', '.'], { cwd: app, encoding: 'utf8' });
      assert.strictEqual(result.status, 0, `warnings only, exit 0\n${result.stderr}`);
      const reports = JSON.parse(result.stdout) as ESLint.LintResult[];
      const byFile = new Map(reports.map((r) => [path.relative(app, r.filePath), r.messages]));
      assert.deepStrictEqual([...byFile.keys()].sort(), ['eslint.config.mjs', 'lib/auth.ts', 'lib/disabled.ts', 'lib/ignored.ts', 'lib/plain.ts', 'lib/session.js']);
      for (const file of ['lib/auth.ts', 'lib/session.js']) {
        const text = FILES[file];
        const expected = analyzeSource(path.join(app, file), text);
        assert.ok(expected.length > 0, file);
        const messages = byFile.get(file) ?? [];
        assert.deepStrictEqual(
          messages.map((m) => ({ ruleId: m.ruleId, message: m.message, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, severity: m.severity })),
          expected.map((f) => ({
            ruleId: `nextauth-scaffold/${f.rule}`,
            message: f.message,
            line: f.range.start.line + 1,
            column: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
            severity: 1,
          })),
          file,
        );
        assert.deepStrictEqual(
          messages.map((m) => (m.suggestions ?? []).map((s) => s.desc)),
          expected.map((f) => f.fixes.filter((fix) => fix.kind !== 'ignore').map((fix) => fix.title)),
          `${file}: suggestions are the quick fixes`,
        );
      }
      assert.strictEqual(byFile.get('lib/auth.ts')?.[0].ruleId, 'nextauth-scaffold/session-exposes-refresh-token');
      assert.strictEqual(byFile.get('lib/session.js')?.[0].ruleId, 'nextauth-scaffold/session-exposes-token');
      // No message at all: the rule fired (else ESLint would report the disable directive as unused) and was suppressed.
      assert.deepStrictEqual(byFile.get('lib/disabled.ts'), []);
      assert.deepStrictEqual(byFile.get('lib/ignored.ts'), []);
      assert.deepStrictEqual(byFile.get('lib/plain.ts'), []);
    });
  }

  it(`a Next.js app's flat config (eslint-config-next/core-web-vitals, ESLint ${ESLINT_9_VERSION}): the same problems next to Next's own rules`, () => {
    const nextApp = consumerProject('next-lint-app', {
      'package.json': '{"name":"next-lint-app","private":true}\n',
      'eslint.config.mjs': `import nextVitals from "eslint-config-next/core-web-vitals";
import nextauthScaffold from "nextauth-scaffold/eslint";

export default [...nextVitals, nextauthScaffold.configs.recommended];
`,
      'app/api/auth/[...nextauth]/route.ts': LEAKING_V5_ROUTE,
      'app/page.tsx': 'export default function Page() {\n  return <img src="/logo.png" alt="" />;\n}\n',
    });
    const result = spawnSync(process.execPath, [eslint9(), '--format', 'json', '.'], { cwd: nextApp, encoding: 'utf8' });
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    const reports = JSON.parse(result.stdout) as ESLint.LintResult[];
    const messages = reports.flatMap((r) => r.messages.map((m) => ({ file: path.relative(nextApp, r.filePath), ruleId: m.ruleId, line: m.line, fatal: m.fatal ?? false })));
    assert.deepStrictEqual(reports.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${r.filePath}: ${m.message}`)), []);
    assert.deepStrictEqual(messages.filter((m) => m.ruleId?.startsWith('nextauth-scaffold/')), [
      { file: 'app/api/auth/[...nextauth]/route.ts', ruleId: 'nextauth-scaffold/session-exposes-refresh-token', line: 10, fatal: false },
    ]);
    // Next's own rules ran on the same run (a plain <img> is @next/next/no-img-element).
    assert.ok(messages.some((m) => m.ruleId === '@next/next/no-img-element' && m.file === 'app/page.tsx'), JSON.stringify(messages));
  });

  it('applying each suggestion removes the problem and leaves code ESLint parses', async () => {
    const eslint = new ESLint({ cwd: app });
    for (const file of ['lib/auth.ts', 'lib/session.js']) {
      const filePath = path.join(app, file);
      const [before] = await eslint.lintText(FILES[file], { filePath });
      const problem = before.messages[0];
      assert.ok(problem.suggestions && problem.suggestions.length > 0, file);
      for (const suggestion of problem.suggestions) {
        const fixed = applyFix(FILES[file], suggestion.fix);
        assert.notStrictEqual(fixed, FILES[file]);
        const [after] = await eslint.lintText(fixed, { filePath });
        const remaining = after.messages.filter((m: Linter.LintMessage) => m.fatal || (m.ruleId === problem.ruleId && m.line === problem.line));
        assert.deepStrictEqual(remaining, [], `${file}: "${suggestion.desc}"`);
      }
    }
  });

  it('text without a file name (eslint --stdin, lintText) is analyzed too', async () => {
    const [report] = await new ESLint({ cwd: app }).lintText(wholeTokenJs);
    assert.strictEqual(report.filePath, '<text>');
    assert.deepStrictEqual(report.messages.map((m) => m.ruleId), ['nextauth-scaffold/session-exposes-token']);
  });

  it('rule options: sensitiveFields, validated by ESLint', async () => {
    const custom = consumerProject('lint-app-options', {
      'package.json': '{"name":"lint-app-options","private":true}\n',
      'eslint.config.mjs': `import nextauthScaffold from "nextauth-scaffold/eslint";
export default [
  nextauthScaffold.configs.recommended,
  { rules: { "nextauth-scaffold/session-exposes-refresh-token": ["error", { sensitiveFields: ["offlineGrant"] }] } },
];
`,
      'auth.js': v4WithoutRefresh('    session: ({ session, token }) => ({ ...session, grant: token.offlineGrant }),'),
    });
    const [result] = await new ESLint({ cwd: custom }).lintFiles(['auth.js']);
    assert.deepStrictEqual(result.messages.map((m) => [m.ruleId, m.severity]), [['nextauth-scaffold/session-exposes-refresh-token', 2]]);
    fs.writeFileSync(path.join(custom, 'eslint.config.mjs'), FLAT_CONFIG.replace('nextauthScaffold.configs.recommended,', 'nextauthScaffold.configs.recommended,\n  { rules: { "nextauth-scaffold/session-exposes-token": ["warn", { sensitive: 1 }] } },'));
    await assert.rejects(new ESLint({ cwd: custom }).lintFiles(['auth.js']), /"nextauth-scaffold\/session-exposes-token"[\s\S]*Unexpected property "sensitive"/);
  });
});
