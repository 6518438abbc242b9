import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { analyzeSource, type Finding, type QuickFix, type TextEdit } from '../../src/core/analyze';
import { linkTypes, typecheckApp } from '../support/typecheck';
import { LEAKING_CASES, SEED_TUTORIAL, v4WithRefresh, v4WithoutRefresh, type AnalyzerCase } from './analyze-corpus';

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

/** Parse errors only (TypeScript records them on the source file; no program needed). */
function syntaxErrors(file: string, text: string): string[] {
  const kind = /\.[cm]?jsx?$/.test(file) ? (file.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS) : file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind) as ts.SourceFile & { parseDiagnostics: ts.Diagnostic[] };
  return sourceFile.parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function sameSpot(a: Finding, b: Finding): boolean {
  return a.rule === b.rule && a.message === b.message && a.related.length === b.related.length;
}

/** Applies `fix` of `finding` and returns the new text and its findings. */
function afterFix(c: AnalyzerCase, fix: QuickFix) {
  const text = applyEdits(c.code, fix.edits);
  return { text, findings: analyzeSource(c.file, text, { extraSensitiveNames: c.extraSensitiveNames }) };
}

describe('quick fixes: applied to every leaking case', () => {
  it('(the parse check used below does catch syntax errors)', () => {
    assert.notDeepStrictEqual(syntaxErrors('/x.ts', 'const o = { a: 1,, };'), []);
  });

  for (const c of LEAKING_CASES) {
    it(c.name, () => {
      const findings = analyzeSource(c.file, c.code, { extraSensitiveNames: c.extraSensitiveNames });
      assert.ok(findings.length > 0);
      for (const finding of findings) {
        const kinds = finding.fixes.map((f) => f.kind);
        assert.ok(kinds.includes('ignore'), 'every finding can be ignored');
        if (c.name !== 'same-file helper building the session user') {
          assert.ok(kinds.includes('remove') || kinds.includes('allow-list'), `a structural fix for ${finding.message}`);
        }
        assert.strictEqual(finding.fixes.filter((f) => f.preferred).length, 1, 'exactly one preferred fix');
        for (const fix of finding.fixes) {
          const { text, findings: after } = afterFix(c, fix);
          assert.deepStrictEqual(syntaxErrors(c.file, text), [], `${fix.title} keeps the file parseable:\n${text}`);
          assert.strictEqual(after.length, findings.length - 1, `${fix.title} removes exactly this finding:\n${text}`);
          assert.ok(!after.some((f) => f.range.start.line === finding.range.start.line + (fix.kind === 'ignore' ? 1 : 0) && sameSpot(f, finding)));
        }
      }
    });
  }

  it('remove deletes the whole assignment statement line', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      (session as any).rt = token.refreshToken;
      return session;
    },`);
    const [finding] = analyzeSource('/a.ts', code);
    const remove = finding.fixes.find((f) => f.kind === 'remove')!;
    assert.strictEqual(applyEdits(code, remove.edits), code.replace('      (session as any).rt = token.refreshToken;\n', ''));
  });

  it('remove deletes the whole if (or loop) when the assignment is its unbraced body, so the next statement stays unconditional', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      if (token.refreshToken) (session as any).rt = token.refreshToken;
      for (const key in token) (session as any)[key] = token[key];
      return session;
    },`);
    const findings = analyzeSource('/a.ts', code);
    assert.strictEqual(findings.length, 2);
    const [ifFix, loopFix] = findings.map((f) => f.fixes.find((x) => x.kind === 'remove')!);
    assert.strictEqual(applyEdits(code, ifFix.edits), code.replace('      if (token.refreshToken) (session as any).rt = token.refreshToken;\n', ''));
    assert.strictEqual(applyEdits(code, loopFix.edits), code.replace('      for (const key in token) (session as any)[key] = token[key];\n', ''));
  });

  it('remove offers nothing for an unbraced branch of an if with an else', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      if (token.error) (session as any).rt = token.refreshToken;
      else (session as any).ok = true;
      return session;
    },`);
    const [finding] = analyzeSource('/a.ts', code);
    assert.ok(!finding.fixes.some((f) => f.kind === 'remove'));
  });

  it('remove deletes the object member with its comma', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      return { ...session, rt: token.refreshToken, accessToken: token.accessToken };
    },`);
    const [finding] = analyzeSource('/a.ts', code);
    const remove = finding.fixes.find((f) => f.kind === 'remove')!;
    assert.ok(applyEdits(code, remove.edits).includes('return { ...session, accessToken: token.accessToken };'));
  });

  it('remove deletes a last member in a multi-line object with a trailing comma', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      return {
        ...session,
        accessToken: token.accessToken,
        refreshToken: token.refreshToken,
      };
    },`);
    const [finding] = analyzeSource('/a.ts', code);
    const fixed = applyEdits(code, finding.fixes.find((f) => f.kind === 'remove')!.edits);
    assert.ok(fixed.includes('        ...session,\n        accessToken: token.accessToken,\n      };'), fixed);
  });

  it('allow-list replaces the whole token with the non-secret fields the jwt callback stores, keeping the cast', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      session.user = token as any;
      return session;
    },`);
    const [finding] = analyzeSource('/a.ts', code);
    const allowList = finding.fixes.find((f) => f.kind === 'allow-list')!;
    assert.strictEqual(allowList.preferred, true);
    assert.ok(
      applyEdits(code, allowList.edits).includes('session.user = { ...session.user, id: token.id, accessToken: token.accessToken } as any;'),
    );
  });

  it("allow-list for the seed takes authorize()'s fields spread into the token, without the refresh field", () => {
    const [finding] = analyzeSource('/a.ts', SEED_TUTORIAL);
    const allowList = finding.fixes.find((f) => f.kind === 'allow-list')!;
    assert.strictEqual(applyEdits(SEED_TUTORIAL, allowList.edits).includes('session.user = { ...session.user, accessToken: token.accessToken } as any;'), true);
  });

  it('allow-list of a spread keeps the object shape', () => {
    const code = v4WithoutRefresh(`    session: ({ session, token }) => ({ ...session, ...token }),`);
    const [finding] = analyzeSource('/a.js', code);
    const fixed = applyEdits(code, finding.fixes.find((f) => f.kind === 'allow-list')!.edits);
    assert.ok(fixed.includes('({ ...session, login: token.login })'), fixed);
  });

  it('allow-list in TypeScript keeps the token type for fields the JWT type does not declare', () => {
    const code = v4WithRefresh(`    session: ({ session, token }) => ({ ...session, user: { ...session.user, ...token } }),`);
    const [finding] = analyzeSource('/a.ts', code);
    const fixed = applyEdits(code, finding.fixes.find((f) => f.kind === 'allow-list')!.edits);
    // Past 100 columns, one field per line.
    assert.ok(
      fixed.includes('user: { ...session.user, ...({\n      id: token.id,\n      accessToken: token.accessToken,\n    } as Partial<typeof token>) }'),
      fixed,
    );
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const jwtAugmentation = { file: '/t.d.ts', fields: ['id', 'accessToken', 'refreshToken'].map((name) => ({ name, range })) };
    const [typed] = analyzeSource('/a.ts', code, { jwtAugmentation });
    const plain = applyEdits(code, typed.fixes.find((f) => f.kind === 'allow-list')!.edits);
    assert.ok(plain.includes('user: { ...session.user, id: token.id, accessToken: token.accessToken }'), plain);
  });

  it('allow-list past 100 columns: one field per line, at the statement\'s indentation', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      session.user = token as any;
      return session;
    },`).replace('token.accessToken = ', 'token.displayName = "x"; token.organisationId = "o"; token.accessToken = ');
    const [finding] = analyzeSource('/a.ts', code);
    const fixed = applyEdits(code, finding.fixes.find((f) => f.kind === 'allow-list')!.edits);
    assert.ok(/\n      session\.user = \{\n        \.\.\.session\.user,\n        id: token\.id,\n(        \w+: token\.\w+,\n){3}      \} as any;\n/.test(fixed), fixed);
  });

  it('allow-list prefers the fields the callback\'s token carries; the JWT type\'s fields only when nothing fills it, and says so', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const jwtAugmentation = { file: '/t.d.ts', fields: ['id', 'accessToken', 'tenant', 'refreshToken'].map((name) => ({ name, range })) };
    const withJwt = v4WithRefresh(`    async session({ session, token }) {
      session.user = token as any;
      return session;
    },`);
    const own = analyzeSource('/a.ts', withJwt, { jwtAugmentation })[0].fixes.find((f) => f.kind === 'allow-list')!;
    assert.strictEqual(own.title, 'Expose only id, accessToken from the JWT');
    const alone = 'export const authOptions = {\n  callbacks: {\n    session({ session, token }) {\n      return { ...session, ...token };\n    },\n  },\n};\n';
    const typed = analyzeSource('/a.ts', alone, { jwtAugmentation })[0].fixes.find((f) => f.kind === 'allow-list')!;
    assert.strictEqual(typed.title, 'Expose only id, accessToken, tenant from the JWT (fields your JWT type declares)');
  });

  it('allow-list of a returned token spreads the session first', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      return token as any;
    },`);
    const [finding] = analyzeSource('/a.ts', code);
    const fixed = applyEdits(code, finding.fixes.find((f) => f.kind === 'allow-list')!.edits);
    assert.ok(fixed.includes('return { ...session, id: token.id, accessToken: token.accessToken } as any;'), fixed);
    const remove = applyEdits(code, finding.fixes.find((f) => f.kind === 'remove')!.edits);
    assert.ok(remove.includes('return session as any;'), remove);
  });

  it('the ignore fix inserts the comment above the line with its indentation (and CRLF when the file uses it)', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      session.user = token as any;
      return session;
    },`).replace(/\n/g, '\r\n');
    const [finding] = analyzeSource('/a.ts', code);
    const ignore = finding.fixes.find((f) => f.kind === 'ignore')!;
    const fixed = applyEdits(code, ignore.edits);
    assert.ok(fixed.includes('\r\n      // nextauth-scaffold-ignore-next-line session-exposes-refresh-token\r\n      session.user = token as any;'));
    assert.deepStrictEqual(analyzeSource('/a.ts', fixed), []);
  });
});

describe('quick fixes: the result type-checks against the real next-auth', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'analyze-fixes-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function typecheck(name: string, major: 4 | 5, files: Record<string, string>): string[] {
    const app = path.join(dir, name);
    fs.mkdirSync(app, { recursive: true });
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'esnext', moduleResolution: 'bundler', jsx: 'preserve', strict: true, skipLibCheck: true, noEmit: true, types: [] }, include: ['**/*.ts'] }),
    );
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      fs.writeFileSync(path.join(app, file), text);
    }
    linkTypes(app, major);
    return typecheckApp(app);
  }

  const V5 = LEAKING_CASES.find((c) => c.name.startsWith('next-auth v5: export const'))!;
  const representative: Array<{ name: string; major: 4 | 5; code: string }> = [
    { name: 'seed', major: 4, code: SEED_TUTORIAL },
    {
      name: 'field',
      major: 4,
      code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).refreshToken = token.refreshToken;
      return { ...session, rt: token.refreshToken, accessToken: token.accessToken };
    },`),
    },
    {
      name: 'returned',
      major: 4,
      code: v4WithRefresh(`    async session({ session, token }) {
      return token as any;
    },`),
    },
    { name: 'v5', major: 5, code: V5.code },
  ];

  for (const major of [4, 5] as const) {
    it(`next-auth ${major}: the originals and every fix of a representative set compile`, () => {
      const variants: Record<string, string> = {};
      for (const sample of representative.filter((s) => s.major === major)) {
        variants[`${sample.name}/original/auth.ts`] = sample.code;
        analyzeSource('/auth.ts', sample.code).forEach((finding, i) =>
          finding.fixes.forEach((fix) => (variants[`${sample.name}/fix${i}-${fix.kind}/auth.ts`] = applyEdits(sample.code, fix.edits))),
        );
      }
      assert.ok(Object.keys(variants).filter((k) => k.includes('allow-list')).length >= 1);
      assert.deepStrictEqual(typecheck(`v${major}`, major, variants), []);
    });
  }
});
