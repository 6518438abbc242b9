// Issue 13 item 3: "Sent to the browser" — the session shape each session callback produces, from the same analysis as
// the leak rules (analyzeDocument), and how it reads (lens title, hover rows, the JSON of /api/auth/session).
import * as assert from 'assert';
import { analyzeDocument, analyzeSource, sessionLensTitle, sessionShapeJson, sessionShapeRows, type SessionShape } from '../../src/core/analyze';
import { LEAKING_CASES, SAFE_CASES, SEED_TUTORIAL } from './analyze-corpus';

/** The one session shape of a file. */
function shapeOf(code: string, file = '/app/lib/auth.ts', extraSensitiveNames?: readonly string[]): SessionShape {
  const { sessionShapes } = analyzeDocument(file, code, { extraSensitiveNames });
  assert.strictEqual(sessionShapes.length, 1, `one session callback in:\n${code}`);
  return sessionShapes[0];
}

const paths = (shape: SessionShape) => shape.fields.map((f) => (f.kind === 'token' ? `${f.path}=JWT` : f.path));
const source = (shape: SessionShape, path: string) => shape.fields.find((f) => f.path === path && f.kind === 'value')?.source;

/** A v4 options object with these callbacks and a jwt callback that stores the refresh token. */
function v4(session: string): string {
  return `import type { NextAuthOptions } from "next-auth";
export const authOptions: NextAuthOptions = {
  providers: [],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.id = user.id;
        token.accessToken = (user as any).accessToken;
        token.refreshToken = (user as any).refreshToken;
      }
      return token;
    },
    ${session}
  },
};
`;
}

describe('session shape: what a session callback sends to the browser', () => {
  it('a safe v4 callback: NextAuth\'s default fields plus what it writes, and no refresh token', () => {
    const shape = shapeOf(
      v4(`async session({ session, token }) {
      session.user.id = token.id as string;
      session.accessToken = token.accessToken as string;
      session.error = token.error;
      return session;
    },`),
    );
    assert.deepStrictEqual(paths(shape), ['user.name', 'user.email', 'user.image', 'user.id', 'expires', 'accessToken', 'error']);
    assert.strictEqual(source(shape, 'user.id'), 'token.id', 'casts are not part of where a value comes from');
    assert.strictEqual(source(shape, 'accessToken'), 'token.accessToken');
    assert.strictEqual(source(shape, 'user.name'), 'token.name');
    assert.strictEqual(shape.refreshToken, false);
    assert.strictEqual(shape.wholeToken, false);
    assert.strictEqual(sessionLensTitle(shape), 'Sent to the browser: user.name, user.email, user.image, user.id, accessToken, error · no refresh token');
  });

  it('the seed tutorial\'s `session.user = token`: the whole JWT, with the refresh token in it (the leak rule\'s verdict)', () => {
    const { findings, sessionShapes } = analyzeDocument('/app/app/api/auth/[...nextauth]/route.ts', SEED_TUTORIAL);
    assert.ok(findings.some((f) => f.rule === 'session-exposes-refresh-token'));
    assert.strictEqual(sessionShapes.length, 1);
    const [shape] = sessionShapes;
    assert.deepStrictEqual(paths(shape), ['user=JWT', 'expires']);
    assert.strictEqual(shape.wholeToken, true);
    assert.strictEqual(shape.refreshToken, true);
    assert.strictEqual(sessionLensTitle(shape), 'Sent to the browser: user = the whole JWT · includes refresh token');
  });

  it('v5 arrow returning a new object: spreads of the session, an override of user, a copied refresh token', () => {
    const shape = shapeOf(`import NextAuth from "next-auth";
export const { handlers, auth } = NextAuth({
  providers: [],
  callbacks: {
    jwt({ token, user }) { if (user) { token.refreshToken = (user as any).rt; } return token; },
    session: ({ session, token }) => ({ ...session, user: { ...session.user, id: token.sub }, accessToken: token.accessToken, refreshToken: token.refreshToken }),
  },
});
`);
    assert.deepStrictEqual(paths(shape), ['user.name', 'user.email', 'user.image', 'user.id', 'expires', 'accessToken', 'refreshToken']);
    assert.strictEqual(shape.fields.find((f) => f.path === 'refreshToken')?.refreshToken, true);
    assert.strictEqual(shape.refreshToken, true);
    assert.match(sessionLensTitle(shape), /refreshToken \(refresh token\) · includes refresh token$/);
  });

  it('a spread of something it cannot see into is named, never guessed', () => {
    const shape = shapeOf(
      v4(`async session({ session, token }) {
      const extra = await getUser(token.sub);
      return { ...session, ...extra, user: { id: token.sub } };
    },`),
    );
    assert.deepStrictEqual(paths(shape), ['user.id', 'expires']);
    assert.deepStrictEqual(shape.opaque, [{ path: '', source: 'getUser(token.sub)' }]);
    assert.strictEqual(sessionLensTitle(shape), 'Sent to the browser: user.id + fields from getUser(token.sub) · no refresh token seen');
  });

  it('a helper call stored under a key is that key\'s value; a computed key is an unknown part', () => {
    const shape = shapeOf(
      v4(`async session({ session, token }) {
      session.user.roles = await loadRoles(token.id);
      for (const key of Object.keys(extraFields)) session[key] = extraFields[key];
      return session;
    },`),
    );
    assert.strictEqual(source(shape, 'user.roles'), 'loadRoles(token.id)');
    assert.strictEqual(shape.opaque.length, 1);
    assert.match(shape.opaque[0].source, /^session\[key\] = extraFields\[key\]/);
  });

  it('a fresh object that does not spread the session: only what it names (no expires)', () => {
    const shape = shapeOf(
      v4(`async session({ session, token }) {
      return { user: { id: token.sub, name: session.user?.name } };
    },`),
    );
    assert.deepStrictEqual(paths(shape), ['user.id', 'user.name']);
    assert.strictEqual(source(shape, 'user.name'), 'token.name');
    assert.deepStrictEqual(JSON.parse(sessionShapeJson(shape)), { user: { id: '<token.sub>', name: '<token.name>' } });
  });

  it('a local copy written into and returned; delete removes a field', () => {
    const shape = shapeOf(
      v4(`async session({ session, token }) {
      const copy = { ...session, user: { ...session.user } };
      copy.accessToken = token.accessToken;
      delete copy.user.image;
      return copy;
    },`),
    );
    assert.deepStrictEqual(paths(shape), ['user.name', 'user.email', 'expires', 'accessToken']);
  });

  it('an alias of session.user, Object.assign into the session, and a conditional return', () => {
    const shape = shapeOf(
      v4(`async session({ session, token }) {
      const user = session.user;
      user.id = token.id;
      Object.assign(session, { accessToken: token.accessToken });
      if (!token.ok) return { ...session, error: "RefreshFailed" };
      return session;
    },`),
    );
    assert.deepStrictEqual(paths(shape), ['user.name', 'user.email', 'user.image', 'user.id', 'expires', 'accessToken', 'error']);
    assert.strictEqual(source(shape, 'error'), '"RefreshFailed"');
  });

  it('the whole JWT without the refresh token (rest pattern, or overridden with undefined)', () => {
    const rest = shapeOf(
      v4(`async session({ session, token }) {
      const { refreshToken, ...publicToken } = token;
      return { ...session, user: publicToken };
    },`),
    );
    assert.deepStrictEqual(rest.fields.find((f) => f.kind === 'token'), { path: 'user', kind: 'token', source: 'token', excluded: ['refreshToken'], refreshToken: false });
    assert.strictEqual(rest.refreshToken, false);
    assert.strictEqual(sessionLensTitle(rest), 'Sent to the browser: user = the whole JWT without refreshToken · no refresh token seen');
    const overridden = shapeOf(
      v4(`async session({ session, token }) {
      return { ...session, ...token, refreshToken: undefined };
    },`),
    );
    const whole = overridden.fields.find((f) => f.kind === 'token');
    assert.deepStrictEqual(whole?.excluded, ['refreshToken']);
    assert.ok(!paths(overridden).includes('refreshToken'), 'a key set to undefined is not in the JSON');
  });

  it('an ignore comment silences the warning, not the lens', () => {
    const code = v4(`async session({ session, token }) {
      // nextauth-scaffold-ignore-next-line session-exposes-refresh-token
      session.refreshToken = token.refreshToken;
      return session;
    },`);
    const { findings, sessionShapes } = analyzeDocument('/app/lib/auth.ts', code);
    assert.deepStrictEqual(findings, []);
    assert.strictEqual(sessionShapes[0].refreshToken, true);
  });

  it('a name from the sensitive-fields setting counts as a refresh token', () => {
    const shape = shapeOf(
      v4(`async session({ session, token }) {
      session.vault = token.vaultKey;
      return session;
    },`),
      '/app/lib/auth.ts',
      ['vaultKey'],
    );
    assert.strictEqual(shape.fields.find((f) => f.path === 'vault')?.refreshToken, true);
    assert.strictEqual(shape.refreshToken, true);
  });

  it('the other callback forms: params object, positional (v3), a standalone function, plain JavaScript (CommonJS)', () => {
    const params = shapeOf(
      v4(`async session(params) {
      params.session.accessToken = params.token.accessToken;
      return params.session;
    },`),
    );
    assert.deepStrictEqual(paths(params), ['user.name', 'user.email', 'user.image', 'expires', 'accessToken']);
    const positional = shapeOf(`import NextAuth from "next-auth";
export default NextAuth({ providers: [], callbacks: { async session(session, token) { session.userId = token.sub; return session; } } });
`);
    assert.ok(paths(positional).includes('userId'));
    const standalone = shapeOf(`export async function sessionCallback({ session, token }) {
  return { ...session, accessToken: token.accessToken };
}
`, '/app/lib/auth-callbacks.ts');
    assert.deepStrictEqual(paths(standalone), ['user.name', 'user.email', 'user.image', 'expires', 'accessToken']);
    const js = shapeOf(`const NextAuth = require("next-auth").default;
module.exports = NextAuth({
  providers: [],
  callbacks: {
    session: async function ({ session, token }) {
      session.user.id = token.sub;
      return session;
    },
  },
});
`, '/app/pages/api/auth/[...nextauth].js');
    assert.ok(paths(js).includes('user.id'));
  });

  it('ranges: the callback, and its head (where the hover answers) on the `session` line', () => {
    const code = v4(`async session({ session, token }) {
      return session;
    },`);
    const shape = shapeOf(code);
    const lines = code.split('\n');
    const line = lines.findIndex((l) => l.includes('async session('));
    assert.strictEqual(shape.callbackRange.start.line, line);
    assert.strictEqual(shape.headRange.start.line, line);
    assert.strictEqual(lines[line].slice(shape.headRange.start.character, shape.headRange.end.character), 'async session({ session, token }) ');
  });

  it('several callbacks in one file each get their own shape', () => {
    const code = `${v4(`async session({ session, token }) { return session; },`)}
export const adminOptions: NextAuthOptions = { providers: [], callbacks: { session: ({ session, token }) => ({ ...session, role: token.role }) } };
`;
    const { sessionShapes } = analyzeDocument('/app/lib/auth.ts', code);
    assert.strictEqual(sessionShapes.length, 2);
    assert.ok(paths(sessionShapes[1]).includes('role'));
  });

  it('no session callback, no shape; analyzeSource never computes them', () => {
    assert.deepStrictEqual(analyzeDocument('/app/lib/util.ts', 'export const x = 1;\n').sessionShapes, []);
  });

  it('over the whole analyzer corpus: the same findings as analyzeSource, a shape per callback, the refresh verdict of the leak rule, JSON that parses', () => {
    for (const c of [...LEAKING_CASES, ...SAFE_CASES]) {
      const options = { extraSensitiveNames: c.extraSensitiveNames };
      const analysis = analyzeDocument(c.file, c.code, options);
      assert.deepStrictEqual(analysis.findings, analyzeSource(c.file, c.code, options), c.name);
      const refreshLeak = analysis.findings.some((f) => f.rule === 'session-exposes-refresh-token');
      if (refreshLeak) assert.ok(analysis.sessionShapes.some((s) => s.refreshToken), `${c.name}: a refresh-token finding, so a shape says so`);
      if (analysis.findings.some((f) => f.rule === 'session-exposes-token')) assert.ok(analysis.sessionShapes.some((s) => s.wholeToken || s.opaque.length > 0), `${c.name}: the whole JWT shows`);
      for (const shape of analysis.sessionShapes) {
        assert.doesNotThrow(() => JSON.parse(sessionShapeJson(shape)), c.name);
        assert.match(sessionLensTitle(shape), /^Sent to the browser: .+ · (includes refresh token|no refresh token seen|no refresh token)$/, c.name);
        assert.strictEqual(sessionShapeRows(shape).length, shape.fields.length + shape.opaque.length);
      }
    }
  });
});

describe('session shape: how it reads', () => {
  const base: SessionShape = {
    callbackRange: { start: { line: 0, character: 0 }, end: { line: 3, character: 1 } },
    headRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } },
    fields: [],
    opaque: [],
    refreshToken: false,
    wholeToken: false,
  };
  const value = (path: string, source = `token.${path}`) => ({ path, kind: 'value' as const, source, refreshToken: false });

  it('the lens lists at most eight fields, then how many more; expires only in the JSON', () => {
    const fields = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((p) => value(p));
    const title = sessionLensTitle({ ...base, fields: [value('expires', 'NextAuth (session expiry, ISO date)'), ...fields] });
    assert.strictEqual(title, 'Sent to the browser: a, b, c, d, e, f, g, h, +2 more · no refresh token');
    assert.strictEqual(sessionLensTitle(base), 'Sent to the browser: nothing · no refresh token');
  });

  it('the JSON nests the paths, names sources, marks the refresh token and the whole JWT', () => {
    const json = JSON.parse(
      sessionShapeJson({
        ...base,
        refreshToken: true,
        wholeToken: true,
        fields: [value('user.id', 'token.sub'), { path: 'user', kind: 'token', source: 'token', excluded: ['iat'], refreshToken: false }, value('expires', 'NextAuth (session expiry, ISO date)'), { ...value('rt', 'token.rt'), refreshToken: true }],
        opaque: [{ path: 'profile', source: 'load()' }],
      }),
    ) as Record<string, unknown>;
    assert.deepStrictEqual(json, {
      user: { id: '<token.sub>', '…': '<every field of the JWT (token) but iat, the refresh token among them>' },
      expires: '<ISO date>',
      rt: '<token.rt> (refresh token)',
      profile: { '…': '<fields from load(): not known to the analysis>' },
    });
  });

  it('the hover rows: one per field and unknown part, with notes where they matter', () => {
    const rows = sessionShapeRows({ ...base, fields: [value('user.id', 'token.sub'), { path: '', kind: 'token', source: 'token', excluded: [], refreshToken: false }], opaque: [{ path: '', source: 'extra()' }] });
    assert.deepStrictEqual(rows, [
      { path: 'user.id', source: 'token.sub', note: undefined },
      { path: '*', source: 'token', note: 'every field of the JWT' },
      { path: '*', source: 'extra()', note: 'fields not known to the analysis' },
    ]);
  });
});
