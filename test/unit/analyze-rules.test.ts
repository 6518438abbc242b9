import * as assert from 'assert';
import { analyzeSource, mightContainSessionCallback, type Finding, type RuleId } from '../../src/core/analyze';
import { LEAKING_CASES, SAFE_CASES, SEED_TUTORIAL, v4WithRefresh, type AnalyzerCase } from './analyze-corpus';

const MARKERS: Record<string, RuleId> = { '//!R': 'session-exposes-refresh-token', '//!T': 'session-exposes-token' };

function expectedFindings(code: string): string[] {
  const expected: string[] = [];
  code.split('\n').forEach((line, index) => {
    for (const [marker, rule] of Object.entries(MARKERS)) if (line.trimEnd().endsWith(marker)) expected.push(`${index + 1} ${rule}`);
  });
  return expected.sort();
}

function actualFindings(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.rule}`).sort();
}

function run(c: AnalyzerCase): Finding[] {
  return analyzeSource(c.file, c.code, { extraSensitiveNames: c.extraSensitiveNames });
}

/** 0-based line/character range of the `occurrence`-th `needle` on the first line containing `lineText`. */
function rangeOn(code: string, lineText: string, needle: string, occurrence = 0) {
  const lines = code.split('\n');
  const line = lines.findIndex((l) => l.includes(lineText));
  assert.ok(line >= 0, `no line contains ${lineText}`);
  let character = -1;
  for (let i = 0; i <= occurrence; i++) character = lines[line].indexOf(needle, character + 1);
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

describe('analyzeSource: leaking session callbacks', () => {
  for (const c of LEAKING_CASES) {
    it(`${c.name} (${c.file.split('.').pop()})`, () => {
      const expected = expectedFindings(c.code);
      assert.ok(expected.length > 0, 'a leaking case must mark at least one line');
      assert.deepStrictEqual(actualFindings(run(c)), expected);
    });
  }
});

describe('analyzeSource: safe code', () => {
  for (const c of SAFE_CASES) {
    it(`${c.name} (${c.file.split('.').pop()})`, () => {
      assert.deepStrictEqual(actualFindings(run(c)), []);
    });
  }
});

describe('analyzeSource: ranges, messages and related locations', () => {
  it("reports exactly `token` in the seed's `session.user = token as any`", () => {
    const [finding] = analyzeSource('/app/route.ts', SEED_TUTORIAL);
    assert.deepStrictEqual(finding.range, rangeOn(SEED_TUTORIAL, 'session.user = token as any', 'token'));
    assert.match(finding.message, /whole JWT/);
    assert.match(finding.message, /"refresh"/);
    assert.match(finding.message, /browser/);
    // authorize() is where `refresh: userRefreshToken` enters (the jwt callback spreads the user in).
    assert.strictEqual(finding.related.length, 1);
    assert.deepStrictEqual(finding.related[0].range.start, rangeOn(SEED_TUTORIAL, 'refresh: userRefreshToken', 'refresh:').start);
    assert.match(finding.related[0].message, /authorize\(\)/);
  });

  it('reports the property assignment inside an object literal', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      return { ...session, rt: token.refreshToken };
    },`);
    const [finding] = analyzeSource('/app/a.ts', code);
    const start = rangeOn(code, 'rt: token.refreshToken', 'rt: token.refreshToken');
    assert.deepStrictEqual(finding.range, start);
    assert.match(finding.message, /"refreshToken"/);
  });

  it('reports the right-hand side of a field assignment and relates it to the jwt callback', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      (session as any).refreshToken = token.refreshToken;
      return session;
    },`);
    const [finding] = analyzeSource('/app/a.ts', code);
    assert.deepStrictEqual(finding.range, rangeOn(code, '(session as any).refreshToken', 'token.refreshToken'));
    assert.deepStrictEqual(finding.related[0].range.start, rangeOn(code, 'token.refreshToken = u.refreshToken', 'token.refreshToken').start);
    assert.match(finding.related[0].message, /jwt callback/);
  });

  it('reports the spread element for { ...session, ...token }', () => {
    const code = v4WithRefresh(`    session: ({ session, token }) => ({ ...session, ...token }),`);
    const [finding] = analyzeSource('/app/a.ts', code);
    assert.deepStrictEqual(finding.range, rangeOn(code, '({ ...session, ...token })', '...token'));
  });

  it('uses the JWT augmentation as evidence and as the related location', () => {
    const code = `import type { NextAuthOptions } from "next-auth";
export const authOptions: NextAuthOptions = {
  providers: [],
  callbacks: { session: ({ session, token }) => ({ ...session, token }) },
};
`;
    assert.strictEqual(analyzeSource('/app/a.ts', code)[0].rule, 'session-exposes-token');
    const range = { start: { line: 3, character: 4 }, end: { line: 3, character: 25 } };
    const jwtAugmentation = { file: '/app/types/next-auth.d.ts', fields: [{ name: 'accessToken', range }, { name: 'refreshToken', range }] };
    const [finding] = analyzeSource('/app/a.ts', code, { jwtAugmentation });
    assert.strictEqual(finding.rule, 'session-exposes-refresh-token');
    assert.match(finding.message, /"refreshToken"/);
    assert.deepStrictEqual(finding.related, [{ file: '/app/types/next-auth.d.ts', range, message: 'The JWT type declares the refresh token field "refreshToken" here.' }]);
  });

  it('says why a field is sensitive: the naming rule, the setting, or what the jwt callback stores in it', () => {
    const corpus = LEAKING_CASES.find((c) => c.name === 'extra sensitive name from settings')!;
    assert.match(run(corpus)[0].message, /"offlineGrant" \(a sensitive field in nextauthScaffold\.diagnostics\.sensitiveFields\)/);
    const derived = LEAKING_CASES.find((c) => c.name.startsWith('jwt stores the whole authorize() user'))!;
    assert.match(run(derived)[0].message, /copies "user", which holds the refresh token, into the session/);
    const field = LEAKING_CASES.find((c) => c.name === 'session.refreshToken = token.refreshToken')!;
    assert.match(run(field)[0].message, /copies the refresh token \("refreshToken"\) into the session/);
  });

  it('names the analyzed file in every finding', () => {
    for (const finding of analyzeSource('/abs/auth.ts', SEED_TUTORIAL)) assert.strictEqual(finding.file, '/abs/auth.ts');
  });

  it('honours the ignore comment only for the named rule', () => {
    const code = v4WithRefresh(`    async session({ session, token }) {
      // nextauth-scaffold-ignore-next-line session-exposes-token
      session.user = token as any;
      return session;
    },`);
    assert.strictEqual(analyzeSource('/app/a.ts', code).length, 1);
    assert.strictEqual(analyzeSource('/app/a.ts', code.replace('session-exposes-token', 'session-exposes-refresh-token')).length, 0);
  });
});

describe('analyzeSource: robustness', () => {
  it('fails closed on text that does not parse as a config (analysis-incomplete, no leak claimed)', () => {
    assert.deepStrictEqual(analyzeSource('/a.ts', 'callbacks: { session( {{{ token').map((f) => f.rule), ['analysis-incomplete']);
    assert.deepStrictEqual(analyzeSource('/a.ts', ''), []);
  });

  it('stays linear when values double at every step (a chain of self-spreads)', () => {
    const chain = Array.from({ length: 60 }, (_, i) => `      const a${i + 1} = { ...a${i}, ...a${i}, n${i}: a${i}.n ?? a${i} };`).join('\n');
    const code = `export const authOptions = {
  callbacks: {
    session({ session, token }) {
      const a0 = token;
${chain}
      return { ...session, user: a60 };
    },
  },
};
`;
    const findings = analyzeSource('/a.js', code);
    assert.ok(findings.length >= 1);
    assert.ok(findings.every((f) => f.rule === 'session-exposes-token'));
    assert.ok(findings.length < 10, `${findings.length} findings`);
  });

  it('survives deeply nested expressions', () => {
    const deep = '('.repeat(20000) + 'token' + ')'.repeat(20000);
    const code = `export const o = { callbacks: { session({ session, token }) { session.user = ${deep}; return session; } } };`;
    assert.ok(Array.isArray(analyzeSource('/a.ts', code)));
  });
});

describe('mightContainSessionCallback', () => {
  it('accepts configs and rejects unrelated files', () => {
    assert.strictEqual(mightContainSessionCallback(SEED_TUTORIAL), true);
    assert.strictEqual(mightContainSessionCallback('export const session = 1;'), false);
    assert.strictEqual(mightContainSessionCallback('const x: CallbacksOptions = { session() {} }'), true);
    assert.strictEqual(mightContainSessionCallback('export default function Page() { return null; }'), false);
  });

  it('accepts a callbacks module by its file or folder name, and a file naming the session and the token (a callback by shape)', () => {
    const text = 'export default { session(params) { return { ...params.session, t: params.jwt }; } };';
    assert.strictEqual(mightContainSessionCallback(text), false);
    assert.strictEqual(mightContainSessionCallback(text, '/app/lib/auth-callbacks.ts'), true);
    assert.strictEqual(mightContainSessionCallback(text, '/app/callbacks/index.ts'), true);
    assert.strictEqual(mightContainSessionCallback('export const x = 1;', '/app/callbacks.ts'), false);
    assert.strictEqual(mightContainSessionCallback('export const f = ({ session, token }) => ({ ...session, token });'), true);
    // The default export of an object of callbacks counts only in a module named for callbacks.
    const objectOfCallbacks = 'export default { session({ session, token }) { return { ...session, token }; } };';
    assert.deepStrictEqual(analyzeSource('/app/lib/theme.ts', objectOfCallbacks), []);
    assert.strictEqual(analyzeSource('/app/lib/auth-callbacks.ts', objectOfCallbacks).length, 1);
  });
});
