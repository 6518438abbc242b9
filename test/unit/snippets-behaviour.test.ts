import * as assert from 'assert';
import * as path from 'path';
import * as ts from 'typescript';
import { expandSnippet, readContributedSnippets, type SnippetFile } from '../support/snippets';

// Type-checking shows the snippets fit next-auth; this shows they do what their descriptions promise.
// Each auth snippet (whole files and fragments, TypeScript and JavaScript, v4 and v5) is expanded with its
// defaults, transpiled, and run against a fake backend (`fetch`), a fake `console` and stand-ins for the
// next-auth modules it imports.

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

/** What a fake backend answers; a thrown error stands for a network failure. */
type Backend = (url: string, body: Record<string, unknown>) => { status: number; json?: unknown } | Error;

interface Harness {
  readonly calls: { url: string; body: Record<string, unknown>; hasTimeout: boolean }[];
  readonly logs: unknown[][];
  backend: Backend;
}

/** Stand-in for next-auth 5's CredentialsSignin: an Error with a `code`. */
class FakeCredentialsSignin extends Error {
  code = 'credentials';
}

function newHarness(): Harness {
  return { calls: [], logs: [], backend: () => ({ status: 500 }) };
}

/** Transpiles a snippet module and runs it with the harness's fetch/console and fake next-auth modules. */
function load(text: string, fileName: string, harness: Harness, extraModules: Record<string, unknown> = {}): Record<string, unknown> {
  const { outputText } = ts.transpileModule(text, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const identity = (options: unknown) => options;
  const modules: Record<string, unknown> = {
    'next-auth/providers/credentials': { __esModule: true, default: identity },
    'next-auth': {
      __esModule: true,
      CredentialsSignin: FakeCredentialsSignin,
      default: () => ({ handlers: {}, auth: async () => null, signIn: async () => undefined, signOut: async () => undefined }),
    },
    ...extraModules,
  };
  const requireStub = (name: string) => {
    if (!(name in modules)) throw new Error(`snippet imports unexpected module ${name}`);
    return modules[name];
  };
  const fetchStub = async (url: string, init: { body: string; signal?: unknown; method?: string }) => {
    const body = JSON.parse(init.body) as Record<string, unknown>;
    harness.calls.push({ url, body, hasTimeout: init.signal instanceof AbortSignal });
    assert.strictEqual(init.method, 'POST');
    // Let concurrent callers start before the answer arrives, as over a network.
    await new Promise((resolve) => setImmediate(resolve));
    const answer = harness.backend(url, body);
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.json ?? {}), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
  const fakeConsole = { error: (...args: unknown[]) => harness.logs.push(args), warn: (...args: unknown[]) => harness.logs.push(args), log: (...args: unknown[]) => harness.logs.push(args) };
  // Grace-period timers never fire here: the cache stays as it is right after a refresh.
  const setTimeoutStub = () => 0;
  const exports: Record<string, unknown> = {};
  const run = new Function('exports', 'require', 'fetch', 'console', 'process', 'setTimeout', outputText);
  run(exports, requireStub, fetchStub, fakeConsole, { env: { API_BASE_URL: API } }, setTimeoutStub);
  return exports;
}

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
  const logged = JSON.stringify(harness.logs.map((args) => args.map((a) => (a instanceof Error ? a.message : a))));
  for (const secret of SECRETS) assert.ok(!logged.includes(secret), `logged ${secret}: ${logged}`);
};
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
        assert.deepStrictEqual(harness.calls.map((c) => [c.url, c.body, c.hasTimeout]), [[`${API}/login`, { email: 'ada@example.com', password: 's3cret-password' }, true]]);
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
        assert.deepStrictEqual(harness.calls.map((c) => [c.url, c.body, c.hasTimeout]), [[`${API}/refresh`, { refreshToken: 'refresh-2' }, true]]);
        for (const result of results) {
          assert.strictEqual(result?.accessToken, 'access-2');
          assert.strictEqual(result?.refreshToken, 'refresh-2');
          assert.strictEqual(result?.error, undefined);
          assert.ok((result?.accessTokenExpires as number) > Date.now() + 800_000);
        }
        // A request that still carries the old cookie right after the refresh reuses the result.
        const late = await config.jwt({ token: { ...token } });
        assert.strictEqual(late?.accessToken, 'access-2');
        assert.strictEqual(harness.calls.length, 1);
      });

      it('jwt: takes a rotated refresh token when the backend sends one', async () => {
        harness.backend = () => ({ status: 200, json: { accessToken: 'access-2', refreshToken: 'refresh-3', expiresIn: 900 } });
        const result = await config.jwt({ token: { sub: '7', accessToken: 'access-1', refreshToken: 'refresh-1', accessTokenExpires: Date.now() - 1 } });
        assert.strictEqual(result?.refreshToken, 'refresh-3');
      });

      it('jwt: a failed refresh sets error "RefreshAccessTokenError", never throws, logs no secret', async () => {
        for (const [refreshToken, answer] of [['refresh-1', { status: 401 }], ['refresh-2', new Error('socket hang up')], ['refresh-3', { status: 200, json: {} }]] as const) {
          harness.backend = () => answer;
          const token = { sub: '7', accessToken: 'access-1', refreshToken, accessTokenExpires: Date.now() - 1 };
          const result = await config.jwt({ token });
          assert.strictEqual(result?.error, 'RefreshAccessTokenError');
          assert.strictEqual(result?.refreshToken, refreshToken, 'the refresh token stays in the JWT');
        }
        assertNoSecretsLogged(harness);
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
