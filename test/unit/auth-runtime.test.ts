import * as assert from 'assert';
import { createHash } from 'crypto';
import { loadAuthTemplate } from '../../src/core/scaffold/auth-template';
import { DEFAULT_STYLE } from '../../src/core/scaffold/source-style';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { FakeCredentialsSignin, loadModule, loggedText, newHarness } from '../support/run-module';
import type { Harness } from '../support/run-module';

// The auth module `init` writes (v4 lib/auth, v5 auth; TypeScript and JavaScript), run in-process against a
// fake backend: what its token rotation does under concurrency, across bundles of one server process, when
// the backend refuses or cannot be reached, and with the backend calls themselves. test/app/ runs the same
// code in built apps under `next start`; this pins each rule down where it is cheap to vary.

type Jwt = (params: { token: Record<string, unknown>; user?: Record<string, unknown>; account?: Record<string, unknown> }) => Promise<Record<string, unknown>>;
type Authorize = (credentials: Record<string, unknown> | undefined, request?: Request) => Promise<Record<string, unknown> | null>;

interface AuthModule {
  readonly jwt: Jwt;
  readonly authorize: Authorize;
}

const STORE_KEY = Symbol.for('nextauth-scaffold.refresh-store');
const ROTATION_GRACE_MS = 60_000;
const RETRY_AFTER_MS = 10_000;
const SECRETS = ['s3cret-password', 'refresh-1', 'refresh-2', 'refresh-3', 'access-1', 'access-2'];

/** Loads one "bundle" of the auth module into `harness` (loading twice models two bundles of one process). */
function loadAuth(major: 4 | 5, language: 'ts' | 'js', harness: Harness): AuthModule {
  const text = loadAuthTemplate(major, language, DEFAULT_SETTINGS, DEFAULT_STYLE).text;
  let config: { providers: { authorize: Authorize }[]; callbacks: { jwt: Jwt } } | undefined;
  const nextAuth = {
    __esModule: true,
    CredentialsSignin: FakeCredentialsSignin,
    default: (options: typeof config) => {
      config = options;
      return { handlers: {}, auth: async () => null, signIn: async () => undefined, signOut: async () => undefined };
    },
  };
  const exports = loadModule(text, `auth.${language}`, harness, { 'next-auth': nextAuth });
  if (major === 4) config = exports.authOptions as typeof config;
  assert.ok(config, 'the module hands its options to NextAuth (v5) or exports authOptions (v4)');
  return { jwt: config.callbacks.jwt, authorize: config.providers[0].authorize };
}

const now = (harness: Harness) => Date.now() + harness.clockOffset;
/** A JWT whose access token is due for a refresh (inside the 60 s margin). */
const dueToken = (harness: Harness, refreshToken = 'refresh-1') => ({ sub: '7', accessToken: 'access-1', refreshToken, accessTokenExpires: now(harness) + 30_000 });
const rotating = (harness: Harness): void => {
  let issued = 1;
  harness.backend = () => {
    issued += 1;
    return { status: 200, json: { accessToken: `access-${issued}`, refreshToken: `refresh-${issued}`, expires_in: 900 } };
  };
};
const refreshCalls = (harness: Harness) => harness.calls.filter((c) => c.url.endsWith('/refresh'));

for (const major of [4, 5] as const) {
  for (const language of ['ts', 'js'] as const) {
    describe(`generated auth module at run time: v${major} ${language}`, () => {
      let harness: Harness;
      let auth: AuthModule;
      beforeEach(() => {
        harness = newHarness();
        auth = loadAuth(major, language, harness);
      });

      it('a burst of requests with a due token makes one refresh; every request gets the same new tokens', async () => {
        rotating(harness);
        const token = dueToken(harness);
        const results = await Promise.all(Array.from({ length: 10 }, () => auth.jwt({ token: { ...token } })));
        assert.strictEqual(refreshCalls(harness).length, 1);
        assert.deepStrictEqual(refreshCalls(harness)[0].body, { refreshToken: 'refresh-1' });
        for (const result of results) {
          assert.strictEqual(result.accessToken, 'access-2');
          assert.strictEqual(result.refreshToken, 'refresh-2');
          assert.strictEqual(result.error, undefined);
        }
      });

      it('a request that still carries the pre-rotation cookie after the refresh gets the new tokens, without a second refresh', async () => {
        rotating(harness);
        const token = dueToken(harness);
        await auth.jwt({ token: { ...token } });
        harness.clockOffset += ROTATION_GRACE_MS - 5_000;
        const late = await auth.jwt({ token: { ...token, accessTokenExpires: now(harness) + 30_000 } });
        assert.strictEqual(refreshCalls(harness).length, 1, 'the old refresh token is not sent again');
        assert.strictEqual(late.refreshToken, 'refresh-2');
      });

      it('another bundle of the module in the same process (route handler vs Server Component) shares the refresh, through globalThis', async () => {
        rotating(harness);
        const serverComponentBundle = loadAuth(major, language, harness);
        const token = dueToken(harness);
        const [a, b] = await Promise.all([auth.jwt({ token: { ...token } }), serverComponentBundle.jwt({ token: { ...token } })]);
        const late = await serverComponentBundle.jwt({ token: { ...token } });
        assert.strictEqual(refreshCalls(harness).length, 1);
        assert.deepStrictEqual([a.refreshToken, b.refreshToken, late.refreshToken], ['refresh-2', 'refresh-2', 'refresh-2']);

        // A module with its own globalThis (another process) has its own memory: that is the limit the README states.
        const otherProcess = newHarness();
        rotating(otherProcess);
        await loadAuth(major, language, otherProcess).jwt({ token: { ...token } });
        assert.strictEqual(refreshCalls(otherProcess).length, 1);
      });

      it('remembers a rotation for the grace window only: memory is bounded in time', async () => {
        rotating(harness);
        const token = dueToken(harness);
        await auth.jwt({ token: { ...token } });
        harness.clockOffset += ROTATION_GRACE_MS + 1_000;
        await auth.jwt({ token: { ...token, accessTokenExpires: now(harness) + 30_000 } });
        assert.strictEqual(refreshCalls(harness).length, 2);
      });

      // Slow-ish (10 001 refreshes): once per template language, the v4 TypeScript and the v5 JavaScript module.
      if ((major === 4) === (language === 'ts')) it('remembers at most 10 000 outcomes: the oldest is forgotten first', async function () {
        this.timeout(60_000);
        harness.backend = (_url, body) => ({ status: 200, json: { accessToken: `a-${String(body.refreshToken)}`, expires_in: 900 } });
        // rt-0 first and rt-10000 last; those between in parallel batches (their order does not matter).
        await auth.jwt({ token: dueToken(harness, 'rt-0') });
        for (let start = 1; start < 10_000; start += 1_000) {
          await Promise.all(Array.from({ length: Math.min(1_000, 10_000 - start) }, (_, i) => auth.jwt({ token: dueToken(harness, `rt-${start + i}`) })));
        }
        await auth.jwt({ token: dueToken(harness, 'rt-10000') });
        assert.strictEqual(refreshCalls(harness).length, 10_001);
        await auth.jwt({ token: dueToken(harness, 'rt-10000') });
        assert.strictEqual(refreshCalls(harness).length, 10_001, 'the newest is still remembered');
        await auth.jwt({ token: dueToken(harness, 'rt-0') });
        assert.strictEqual(refreshCalls(harness).length, 10_002, 'the oldest was forgotten');
      });

      it('keys the shared store by the SHA-256 of the refresh token, never the token itself', async () => {
        const keys: string[] = [];
        // A store placed in the slot first is the one the module uses: the seam a shared (e.g. Redis) store plugs into.
        harness.global[STORE_KEY] = {
          run: (key: string, refresh: () => Promise<unknown>) => {
            keys.push(key);
            return refresh();
          },
        };
        auth = loadAuth(major, language, harness);
        rotating(harness);
        await auth.jwt({ token: dueToken(harness, 'refresh-1') });
        assert.deepStrictEqual(keys, [createHash('sha256').update('refresh-1').digest('hex')]);
      });

      it('a refusal (401) ends the session: error "RefreshAccessTokenError", and the dead refresh token is never sent again', async () => {
        harness.backend = () => ({ status: 401, json: { error: 'invalid_grant' } });
        const token = dueToken(harness);
        const results = await Promise.all([auth.jwt({ token: { ...token } }), auth.jwt({ token: { ...token } })]);
        for (const result of results) {
          assert.strictEqual(result.error, 'RefreshAccessTokenError');
          assert.strictEqual(result.refreshToken, 'refresh-1', 'the token keeps its (dead) refresh token server-side');
        }
        // The cookie now holds the error: later requests never refresh it.
        await auth.jwt({ token: results[0] });
        await auth.jwt({ token: { ...results[0], accessTokenExpires: now(harness) - 1 } });
        // A request that still carries the cookie from before the refusal gets the refusal from memory.
        harness.clockOffset += 5 * 60_000;
        const stale = await auth.jwt({ token: { ...token, accessTokenExpires: now(harness) - 1 } });
        assert.strictEqual(stale.error, 'RefreshAccessTokenError');
        assert.strictEqual(refreshCalls(harness).length, 1);
        for (const status of [400, 403]) {
          harness.backend = () => ({ status });
          assert.strictEqual((await auth.jwt({ token: dueToken(harness, `refresh-${status}`) })).error, 'RefreshAccessTokenError', String(status));
        }
      });

      it('a failure that is not a refusal keeps the session and its token, and tries again only after a pause', async () => {
        const failures: Array<[string, Harness['backend']]> = [
          ['503', () => ({ status: 503 })],
          ['network error', () => new Error('connect ECONNREFUSED')],
          ['2xx without tokens', () => ({ status: 200, json: {} })],
          ['a redirect', () => ({ status: 307, headers: { Location: 'https://elsewhere.test/refresh' } })],
        ];
        for (const [label, backend] of failures) {
          harness.backend = backend;
          const token = dueToken(harness, `refresh-${label}`);
          const before = refreshCalls(harness).length;
          const result = await auth.jwt({ token });
          assert.deepStrictEqual(result, token, `${label}: the token comes back unchanged`);
          await auth.jwt({ token: { ...token } });
          assert.strictEqual(refreshCalls(harness).length, before + 1, `${label}: no second call right away`);
          harness.clockOffset += RETRY_AFTER_MS + 1_000;
          rotating(harness);
          const retried = await auth.jwt({ token: { ...token, accessTokenExpires: now(harness) + 30_000 } });
          assert.strictEqual(refreshCalls(harness).length, before + 2, `${label}: tried again after the pause`);
          assert.strictEqual(retried.error, undefined);
        }
      });

      it('in the Edge runtime (middleware.ts before Next.js 16) it never refreshes: that sandbox shares no memory with the server', async () => {
        harness.env.NEXT_RUNTIME = 'edge';
        rotating(harness);
        const token = dueToken(harness);
        assert.deepStrictEqual(await auth.jwt({ token: { ...token } }), token);
        assert.strictEqual(harness.calls.length, 0);
      });

      it('backend calls never follow redirects and time out through an AbortController', async () => {
        harness.backend = () => ({ status: 308, headers: { Location: 'https://evil.test/login' } });
        const credentials = { email: 'ada@example.com', password: 's3cret-password' };
        assert.strictEqual(await auth.authorize(credentials, new Request('http://localhost/api/auth/callback/credentials')), null);
        assert.strictEqual(harness.calls.length, 1);
        assert.strictEqual(harness.calls[0].init.redirect, 'manual');
        assert.ok(harness.calls[0].init.signal instanceof AbortSignal);
        assert.match(loggedText(harness), /redirect \(308\), not followed/);

        harness.backend = () => new Promise(() => undefined);
        const hanging = auth.jwt({ token: dueToken(harness, 'refresh-3') });
        const waitUntil = Date.now() + 10_000;
        while (harness.calls.length < 2 && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 5));
        const timer = harness.timers.find((t) => t.delay === 10_000 && !t.cleared);
        assert.ok(timer, 'a 10 s timer guards the call');
        timer.fire();
        const result = await hanging;
        assert.strictEqual(result.refreshToken, 'refresh-3');
        assert.strictEqual(result.error, undefined, 'a timeout is not a refusal');
        assert.ok(harness.timers.filter((t) => t.delay === 10_000).slice(0, -1).every((t) => t.cleared), 'finished calls clear their timer');
      });

      it('logs no password or token on any path', async () => {
        harness.backend = () => ({ status: 401 });
        await auth.authorize({ email: 'ada@example.com', password: 's3cret-password' }).catch(() => null);
        await auth.jwt({ token: dueToken(harness, 'refresh-1') });
        harness.backend = () => new Error('socket hang up');
        await auth.jwt({ token: dueToken(harness, 'refresh-2') });
        harness.backend = () => ({ status: 302, headers: { Location: 'https://x.test/?refresh-3' } });
        await auth.jwt({ token: dueToken(harness, 'refresh-3') });
        assert.ok(harness.logs.length >= 3);
        const logged = loggedText(harness);
        for (const secret of SECRETS) assert.ok(!logged.includes(secret), `logged ${secret}: ${logged}`);
      });
    });
  }
}
