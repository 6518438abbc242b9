import * as assert from 'assert';
import { createHash } from 'crypto';
import * as path from 'path';
import { expandSnippet, readContributedSnippets, type SnippetFile } from '../support/snippets';
import { FakeCredentialsSignin, loadModule, loggedText, newHarness } from '../support/run-module';
import type { Harness } from '../support/run-module';

// Type-checking shows the snippets fit next-auth; this shows they do what their descriptions promise.
// Each auth snippet (whole files and fragments, TypeScript and JavaScript, v4 and v5) is expanded with its
// defaults, transpiled, and run against a fake backend (`fetch`), a fake `console`, a clock the test moves,
// its own `globalThis`, and stand-ins for the next-auth modules it imports (test/support/run-module.ts).

const repoRoot = path.resolve(__dirname, '..', '..');
const files: SnippetFile[] = readContributedSnippets(repoRoot);
const API = 'https://api.test';

function snippetText(prefix: string, language: 'typescript' | 'javascript'): string {
  for (const file of files.filter((f) => f.languages.includes(language))) {
    const snippet = file.snippets.find((s) => s.prefixes.includes(prefix));
    if (snippet) return expandSnippet(snippet.body).text;
  }
  throw new Error(`no ${prefix} for ${language}`);
}

const load = loadModule;

type Authorize = (credentials: Record<string, unknown> | undefined, request: Request) => Promise<Record<string, unknown> | null>;
type Jwt = (params: { token: Record<string, unknown>; user?: Record<string, unknown> }) => Promise<Record<string, unknown> | null>;
type SessionCallback = (params: { session: Record<string, unknown>; token: Record<string, unknown> }) => Promise<Record<string, unknown>>;

interface Config {
  readonly authorize: Authorize;
  readonly jwt: Jwt;
  readonly session: SessionCallback;
}

interface Variant {
  readonly label: string;
  readonly major: 4 | 5;
  /** Whole files decode the access token's `exp` when the response has no lifetime; fragments use 5 minutes. */
  readonly readsExpClaim: boolean;
  readonly build: (harness: Harness) => Config;
}

const asConfig = (options: { providers: { authorize: Authorize }[]; callbacks: { jwt: Jwt; session: SessionCallback } }): Config => ({
  authorize: options.providers[0].authorize,
  jwt: options.callbacks.jwt,
  session: options.callbacks.session,
});

const VARIANTS: Variant[] = (['typescript', 'javascript'] as const).flatMap((language): Variant[] => {
  const ext = language === 'typescript' ? 'ts' : 'js';
  const fragments = (major: 4 | 5) => (harness: Harness): Config => {
    const refresh = load(snippetText('nextauth-refresh-function', language), `refresh.${ext}`, harness);
    const callbacks = { './refresh': refresh };
    const provider =
      major === 4
        ? load(`import CredentialsProvider from "next-auth/providers/credentials";\nexport const providers = [\n${snippetText('nextauth-credentials-provider', language)}\n];`, `provider.${ext}`, harness)
        : load(
            `import { CredentialsSignin } from "next-auth";\nimport Credentials from "next-auth/providers/credentials";\n` +
              `${snippetText('nextauth-signin-error-v5', language)}\nexport const providers = [\n${snippetText('nextauth-credentials-provider-v5', language)}\n];`,
            `provider.${ext}`,
            harness,
          );
    const jwt = load(`import { refreshAccessToken } from "./refresh";\nexport const callbacks = {\n${snippetText('nextauth-jwt-callback', language)}\n};`, `jwt.${ext}`, harness, callbacks);
    const session = load(`export const callbacks = {\n${snippetText('nextauth-session-callback', language)}\n};`, `session.${ext}`, harness);
    return {
      authorize: (provider.providers as { authorize: Authorize }[])[0].authorize,
      jwt: (jwt.callbacks as { jwt: Jwt }).jwt,
      session: (session.callbacks as { session: SessionCallback }).session,
    };
  };
  return [
    { label: `${language} lib/auth (nextauth-auth-options)`, major: 4, readsExpClaim: true, build: (h) => asConfig(load(snippetText('nextauth-auth-options', language), `auth.${ext}`, h).authOptions as never) },
    { label: `${language} auth (nextauth-auth-v5)`, major: 5, readsExpClaim: true, build: (h) => asConfig(load(snippetText('nextauth-auth-v5', language), `auth.${ext}`, h).authConfig as never) },
    { label: `${language} v4 fragments`, major: 4, readsExpClaim: false, build: fragments(4) },
    { label: `${language} v5 fragments`, major: 5, readsExpClaim: false, build: fragments(5) },
  ];
});

const request = new Request('http://localhost/api/auth/callback/credentials', { method: 'POST', headers: { 'user-agent': 'test' } });
const SECRETS = ['s3cret-password', 'refresh-1', 'refresh-2', 'refresh-3', 'access-1', 'access-2'];
const assertNoSecretsLogged = (harness: Harness) => {
  const logged = loggedText(harness);
  for (const secret of SECRETS) assert.ok(!logged.includes(secret), `logged ${secret}: ${logged}`);
};
/** A backend call as the tests compare them: URL, JSON body, and whether a timeout signal was passed. */
const described = (harness: Harness) => harness.calls.map((c) => [c.url, c.body, c.init.signal instanceof AbortSignal]);
const fakeJwt = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.s`;

describe('snippets behave as described', () => {
  for (const variant of VARIANTS) {
    describe(variant.label, () => {
      let harness: Harness;
      let config: Config;
      beforeEach(() => {
        harness = newHarness();
        config = variant.build(harness);
      });

      it('authorize: POSTs the credentials to API_BASE_URL/login with a timeout and maps the tokens', async () => {
        harness.backend = () => ({ status: 200, json: { user: { id: 7, name: 'Ada', email: 'ada@example.com' }, accessToken: 'access-1', refreshToken: 'refresh-1', expiresIn: 3600 } });
        const before = Date.now();
        const user = await config.authorize({ email: 'ada@example.com', password: 's3cret-password' }, request);
        assert.deepStrictEqual(described(harness), [[`${API}/login`, { email: 'ada@example.com', password: 's3cret-password' }, true]]);
        assert.ok(user);
        const { accessTokenExpires, ...rest } = user;
        assert.deepStrictEqual(rest, { id: '7', name: 'Ada', email: 'ada@example.com', accessToken: 'access-1', refreshToken: 'refresh-1' });
        assert.ok(typeof accessTokenExpires === 'number' && accessTokenExpires >= before + 3600_000 && accessTokenExpires <= Date.now() + 3600_000);
      });

      it(`authorize: without a lifetime in the response, ${variant.readsExpClaim ? "uses the access token's exp claim" : 'assumes 5 minutes'}`, async () => {
        const exp = Math.floor(Date.now() / 1000) + 1800;
        harness.backend = () => ({ status: 200, json: { accessToken: fakeJwt(exp), refreshToken: 'refresh-1' } });
        const before = Date.now();
        const user = await config.authorize({ email: 'ada@example.com', password: 's3cret-password' }, request);
        if (variant.readsExpClaim) assert.strictEqual(user?.accessTokenExpires, exp * 1000);
        else assert.ok(Math.abs((user?.accessTokenExpires as number) - (before + 300_000)) < 5_000);
      });

      it(`authorize: a 401 ${variant.major === 5 ? 'throws a CredentialsSignin subclass with code "invalid_credentials"' : 'returns null'}`, async () => {
        harness.backend = () => ({ status: 401, json: { message: 'bad password' } });
        const attempt = config.authorize({ email: 'ada@example.com', password: 's3cret-password' }, request);
        if (variant.major === 5) {
          await assert.rejects(attempt, (error: unknown) => error instanceof FakeCredentialsSignin && error.code === 'invalid_credentials');
        } else {
          assert.strictEqual(await attempt, null);
        }
      });

      it('authorize: a 5xx, a response without tokens, or a network error returns null and logs no secret', async () => {
        for (const answer of [{ status: 503 }, { status: 200, json: { accessToken: 'access-1' } }, new Error('connect ECONNREFUSED')]) {
          harness.backend = () => answer;
          assert.strictEqual(await config.authorize({ email: 'ada@example.com', password: 's3cret-password' }, request), null);
        }
        assert.ok(harness.logs.length >= 1, 'the network error is logged');
        assertNoSecretsLogged(harness);
      });

      it('authorize: missing or non-string credentials never reach the backend', async () => {
        // next-auth 4 hands authorize() strings (or nothing); next-auth 5 hands it unknown values.
        const cases: (Record<string, unknown> | undefined)[] = [{}, { email: 'ada@example.com' }, { email: '', password: 'x' }];
        if (variant.major === 4) cases.push(undefined);
        else cases.push({ email: 42, password: 's3cret-password' }, { email: ['ada@example.com'], password: 's3cret-password' });
        for (const credentials of cases) {
          const result = config.authorize(credentials, request).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
          const outcome = await result;
          if ('value' in outcome) assert.strictEqual(outcome.value, null);
          else assert.ok(variant.major === 5 && outcome.error instanceof FakeCredentialsSignin);
        }
        assert.deepStrictEqual(harness.calls, []);
      });

      it('jwt: copies the tokens into the JWT at sign-in', async () => {
        const token = await config.jwt({ token: { sub: '7', name: 'Ada' }, user: { id: '7', accessToken: 'access-1', refreshToken: 'refresh-1', accessTokenExpires: 123 } });
        assert.deepStrictEqual(token, { sub: '7', name: 'Ada', accessToken: 'access-1', refreshToken: 'refresh-1', accessTokenExpires: 123 });
      });

      it('jwt: leaves a token that is still valid untouched, without calling the backend', async () => {
        const token = { sub: '7', accessToken: 'access-1', refreshToken: 'refresh-1', accessTokenExpires: Date.now() + 10 * 60_000 };
        assert.strictEqual(await config.jwt({ token }), token);
        assert.deepStrictEqual(harness.calls, []);
      });

      it('jwt: refreshes within the skew, once for concurrent requests, and keeps the old refresh token when none comes back', async () => {
        harness.backend = () => ({ status: 200, json: { accessToken: 'access-2', expiresIn: 900 } });
        const token = { sub: '7', accessToken: 'access-1', refreshToken: 'refresh-2', accessTokenExpires: Date.now() + 30_000 };
        const results = await Promise.all([config.jwt({ token }), config.jwt({ token }), config.jwt({ token: { ...token } })]);
        assert.deepStrictEqual(described(harness), [[`${API}/refresh`, { refreshToken: 'refresh-2' }, true]]);
        assert.strictEqual(harness.calls[0].init.redirect, 'manual', 'redirects are never followed');
        for (const result of results) {
          assert.strictEqual(result?.accessToken, 'access-2');
          assert.strictEqual(result?.refreshToken, 'refresh-2');
          assert.strictEqual(result?.error, undefined);
          assert.ok((result?.accessTokenExpires as number) > Date.now() + 800_000);
        }
        // The memory lives on globalThis, keyed by the SHA-256 of the refresh token, never the token.
        const memory = harness.global[Symbol.for('nextauth.refreshes')] as Map<string, unknown>;
        assert.deepStrictEqual([...memory.keys()], [createHash('sha256').update('refresh-2').digest('hex')]);
        // A request that still carries the old cookie 50 s after the refresh reuses the result.
        harness.clockOffset += 50_000;
        const late = await config.jwt({ token: { ...token } });
        assert.strictEqual(late?.accessToken, 'access-2');
        assert.strictEqual(harness.calls.length, 1);
        // Another bundle of the same module in the same process (same globalThis) shares that memory.
        const otherBundle = variant.build(harness);
        assert.strictEqual((await otherBundle.jwt({ token: { ...token } }))?.accessToken, 'access-2');
        assert.strictEqual(harness.calls.length, 1);
        // The memory is bounded in time: after a minute the old refresh token would be sent again.
        harness.clockOffset += 15_000;
        await config.jwt({ token: { ...token, accessTokenExpires: Date.now() + harness.clockOffset + 30_000 } });
        assert.strictEqual(harness.calls.length, 2);
      });

      it('jwt: takes a rotated refresh token when the backend sends one', async () => {
        harness.backend = () => ({ status: 200, json: { accessToken: 'access-2', refreshToken: 'refresh-3', expiresIn: 900 } });
        const result = await config.jwt({ token: { sub: '7', accessToken: 'access-1', refreshToken: 'refresh-1', accessTokenExpires: Date.now() - 1 } });
        assert.strictEqual(result?.refreshToken, 'refresh-3');
      });

      it('jwt: a refused refresh (401) sets error "RefreshAccessTokenError" and the dead refresh token is never sent again', async () => {
        harness.backend = () => ({ status: 401 });
        const token = { sub: '7', accessToken: 'access-1', refreshToken: 'refresh-1', accessTokenExpires: Date.now() - 1 };
        const result = await config.jwt({ token });
        assert.strictEqual(result?.error, 'RefreshAccessTokenError');
        assert.strictEqual(result?.refreshToken, 'refresh-1', 'the refresh token stays in the JWT');
        // Neither the errored token nor the old cookie (a request from before the refusal) calls the backend again.
        await config.jwt({ token: result! });
        await config.jwt({ token: { ...token } });
        assert.strictEqual(harness.calls.length, 1);
        assertNoSecretsLogged(harness);
      });

      it('jwt: an unreachable backend keeps the session and its token, and is asked again only after 10 s; never throws, logs no secret', async () => {
        for (const [refreshToken, answer] of [['refresh-2', new Error('socket hang up')], ['refresh-3', { status: 200, json: {} }], ['access-1', { status: 503 }]] as const) {
          harness.backend = () => answer;
          const token = { sub: '7', accessToken: 'access-1', refreshToken, accessTokenExpires: Date.now() + harness.clockOffset - 1 };
          const calls = harness.calls.length;
          const result = await config.jwt({ token });
          assert.strictEqual(result?.error, undefined, String(refreshToken));
          assert.strictEqual(result?.refreshToken, refreshToken, 'the refresh token stays in the JWT');
          await config.jwt({ token: { ...token } });
          assert.strictEqual(harness.calls.length, calls + 1, 'no second call right away');
          harness.clockOffset += 11_000;
          await config.jwt({ token: { ...token } });
          assert.strictEqual(harness.calls.length, calls + 2, 'asked again after the pause');
        }
        assertNoSecretsLogged(harness);
      });

      it('jwt: never refreshes in Edge middleware, whose sandbox shares no memory with the server', async () => {
        harness.env.NEXT_RUNTIME = 'edge';
        harness.backend = () => ({ status: 200, json: { accessToken: 'access-2', expiresIn: 900 } });
        const token = { sub: '7', accessToken: 'access-1', refreshToken: 'refresh-1', accessTokenExpires: Date.now() - 1 };
        assert.deepStrictEqual(await config.jwt({ token }), token);
        assert.strictEqual(harness.calls.length, 0);
      });

      it('session: exposes the public fields, id, access token and error; never the refresh token or the whole JWT', async () => {
        const token = { sub: '7', name: 'Ada', email: 'ada@example.com', accessToken: 'access-1', refreshToken: 'refresh-1', accessTokenExpires: 1, error: 'RefreshAccessTokenError', jti: 'jwt-id' };
        const session = await config.session({ session: { user: { name: 'Ada', email: 'ada@example.com' }, expires: '2030-01-01T00:00:00.000Z' }, token });
        assert.deepStrictEqual(session, {
          user: { name: 'Ada', email: 'ada@example.com', id: '7' },
          expires: '2030-01-01T00:00:00.000Z',
          accessToken: 'access-1',
          error: 'RefreshAccessTokenError',
        });
      });
    });
  }
});
