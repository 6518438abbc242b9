import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { sessionLensTitle, sessionShapeJson, type Finding, type SessionShape } from '../../src/core/analyze';
// The unguarded entry point: analyzeSource's catch-all would hide the exceptions this test looks for.
import { analyzeUnguarded as analyzeSource } from '../../src/core/analyze/analyze-source';
import { LEAKING_CASES, SAFE_CASES } from './analyze-corpus';

/** The file corpus too (test/fixtures/analyzer): the real-world shapes of issue 10 get mutated as well. */
function fixtureTexts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? fixtureTexts(full) : /\.(ts|tsx|js|jsx|mjs|cjs)$/.test(entry.name) ? [fs.readFileSync(full, 'utf8')] : [];
  });
}

const CORPUS = [...[...LEAKING_CASES, ...SAFE_CASES].map((c) => c.code), ...fixtureTexts(path.resolve(__dirname, '..', 'fixtures', 'analyzer'))];
const FILES = ['/app/auth.ts', '/app/auth.tsx', '/app/auth.js', '/app/auth.jsx', '/app/auth.mjs', '/app/auth.cjs'];
const IDENTIFIERS = ['session', 'token', 'callbacks', 'jwt', 'refreshToken', 'refresh', 'user', 'authorize', 'Object', 'assign', 'return', 'const', '...', 'as', 'any'];

/** Splits into words, single punctuation and whitespace runs, so mutations cut at plausible places. */
function tokens(text: string): string[] {
  return text.match(/\s+|[\w$]+|\.\.\.|./g) ?? [];
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'duplicate'; at: number; count: number }
  | { kind: 'swap'; at: number; identifier: string }
  | { kind: 'splice'; at: number; other: number; from: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), identifier: fc.constantFrom(...IDENTIFIERS) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), other: fc.nat(), from: fc.nat(), count: fc.integer({ min: 1, max: 60 }) }),
);

function mutate(text: string, m: Mutation): string {
  const parts = tokens(text);
  if (parts.length === 0) return text;
  const at = m.at % parts.length;
  switch (m.kind) {
    case 'truncate':
      return parts.slice(0, at).join('');
    case 'delete':
      return [...parts.slice(0, at), ...parts.slice(at + m.count)].join('');
    case 'duplicate':
      return [...parts.slice(0, at + m.count), ...parts.slice(at, at + m.count), ...parts.slice(at + m.count)].join('');
    case 'swap': {
      const words = parts.map((p, i) => ({ p, i })).filter(({ p }) => /^[\w$]+$/.test(p));
      if (words.length === 0) return text;
      const target = words[m.at % words.length].i;
      return [...parts.slice(0, target), m.identifier, ...parts.slice(target + 1)].join('');
    }
    case 'splice': {
      const donor = tokens(CORPUS[m.other % CORPUS.length]);
      const from = m.from % Math.max(1, donor.length);
      return [...parts.slice(0, at), ...donor.slice(from, from + m.count), ...parts.slice(at)].join('');
    }
  }
}

/** analyzeSource, collecting the session shapes too (the editor's lens), and checking both. */
function analyzeChecked(file: string, text: string, options: Parameters<typeof analyzeSource>[2] = {}): Finding[] {
  const shapes: SessionShape[] = [];
  const findings = analyzeSource(file, text, options, shapes);
  const lines = text.split('\n').length;
  for (const shape of shapes) {
    assert.ok(shape.callbackRange.start.line >= 0 && shape.callbackRange.end.line < lines && shape.headRange.start.line === shape.callbackRange.start.line);
    assert.doesNotThrow(() => JSON.parse(sessionShapeJson(shape)));
    assert.ok(sessionLensTitle(shape).startsWith('Sent to the browser: '));
  }
  return findings;
}

function assertWellFormed(text: string, findings: Finding[]): void {
  assert.ok(Array.isArray(findings));
  const lines = text.split('\n').length;
  for (const finding of findings) {
    assert.ok(finding.range.start.line >= 0 && finding.range.end.line < lines);
    for (const fix of finding.fixes) {
      for (const edit of fix.edits) assert.ok(edit.start >= 0 && edit.start <= edit.end && edit.end <= text.length, fix.title);
    }
  }
}

describe('fuzz: analyzeSource on mutated, truncated and spliced configs', function () {
  this.timeout(60000);

  it('never throws, always terminates, and returns well-formed findings', () => {
    let analyzed = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: CORPUS.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...FILES),
        (index, mutations, file) => {
          const text = mutations.reduce(mutate, CORPUS[index]);
          const findings = analyzeChecked(file, text, { extraSensitiveNames: ['secretGrant'] });
          analyzed++;
          assertWellFormed(text, findings);
        },
      ),
      { numRuns: 2000, seed: 20261127 },
    );
    assert.strictEqual(analyzed, 2000);
  });

  it('terminates on random data-flow programs (aliases, reassignment loops, helpers calling helpers)', () => {
    const variable = fc.constantFrom('v0', 'v1', 'v2', 'v3', 'v4');
    const key = fc.constantFrom('refreshToken', 'user', 'a', 'rt', 'accessToken');
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('token', 'session', 'session.user', 'token.refreshToken', 'null'),
        variable,
        fc.tuple(tie('expr'), key, tie('expr')).map(([a, k, b]) => `{ ...${a}, ${k}: ${b} }`),
        fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} ?? ${b})`),
        fc.tuple(tie('expr'), key).map(([a, k]) => `${a}.${k}`),
        fc.tuple(fc.constantFrom('h0', 'h1', 'h2'), tie('expr')).map(([h, a]) => `${h}(${a})`),
        fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(Math.random() > 0.5 ? ${a} : ${b})`),
        tie('expr').map((a) => `\`x\${${a}}\``),
        fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `Object.assign({}, ${a}, ${b})`),
      ),
    }));
    const statement = fc.oneof(
      fc.tuple(variable, expr).map(([v, e]) => `${v} = ${e};`),
      fc.tuple(key, expr).map(([k, e]) => `session.${k} = ${e};`),
      fc.tuple(variable, key, expr).map(([v, k, e]) => `${v}.${k} = ${e};`),
      fc.tuple(variable, expr).map(([v, e]) => `Object.assign(${v}, ${e});`),
      fc.tuple(key, variable, variable, expr).map(([k, a, b, e]) => `({ ${k}: ${a}, ...${b} } = ${e});`),
      expr.map((e) => `return ${e};`),
    );
    const helper = fc.tuple(fc.constantFrom('h0', 'h1', 'h2'), expr).map(([h, e]) => `function ${h}(v0) { return ${e}; }`);
    fc.assert(
      fc.property(fc.array(helper, { maxLength: 4 }), fc.array(statement, { minLength: 1, maxLength: 30 }), (helpers, body) => {
        const text = `${helpers.join('\n')}
export const authOptions = {
  callbacks: {
    async session({ session, token }) {
      let v0 = token, v1 = session, v2, v3 = {}, v4 = v3;
      ${body.join('\n      ')}
      return session;
    },
  },
};
`;
        assertWellFormed(text, analyzeChecked('/auth.js', text));
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it('never throws on arbitrary strings around a session callback', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (before, after) => {
        const text = `${before}export const o = { callbacks: { session({ session, token }) { ${after} } } };`;
        assertWellFormed(text, analyzeChecked('/a.ts', text));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});
