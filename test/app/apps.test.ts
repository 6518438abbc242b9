import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DASHBOARD, PROTECT_MATCHER, writeSkeleton } from './support/app-skeleton';
import type { AppSpec } from './support/app-skeleton';
import { launchBrowser, newContext, sessionCookie, sessionRequests, signIn, USER } from './support/browser';
import { DEPENDENCY_SETS, ensureInstalled } from './support/dependencies';
import { FakeBackend } from './support/fake-backend';
import type { BackendCounts } from './support/fake-backend';
import { freePort, NextServer, nextBinary, run } from './support/next-app';
import { RedisServer } from './support/redis-server';

// The app-level suite: what a user does with the scaffold. Each app below is created fresh (the files
// create-next-app gives plus a home and a dashboard page), `nextauth-scaffold init --yes` runs on it, and
// nothing is edited afterwards; it is built with `next build`, served with `next start` on 127.0.0.1, and
// driven in Chromium against a strict fake backend (test/app/support/fake-backend.ts) that rotates refresh
// tokens and revokes the session on any reuse. Every scenario prints what it saw.
//
// env: NEXTAUTH_APP_CACHE (installs kept between runs; default ~/.cache/nextauth-scaffold/app-suite), NEXTAUTH_APPS (comma-
// separated app names, to run a few), NEXTAUTH_APP_BUILDS (parallel builds, default 2), CHROMIUM,
// NEXTAUTH_SCAFFOLD_CLI (the CLI to scaffold with; default dist/cli.js), NEXTAUTH_APP_DEBUG=1 (browser console and requests in the output), NEXTAUTH_APP_REUSE_BUILD=1 (iterating
// on the scenarios: keep an app an earlier run built).

const REPO = path.resolve(__dirname, '..', '..');
// Outside the repository: Next.js looks for lockfiles above an app to find its workspace root.
const CACHE = process.env.NEXTAUTH_APP_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'nextauth-scaffold', 'app-suite');
// Another build of the CLI (an older release, say) to see what the suite catches in it.
const CLI = process.env.NEXTAUTH_SCAFFOLD_CLI ?? path.join(REPO, 'dist', 'cli.js');

const ALL_APPS: AppSpec[] = [
  { name: 'v4-app-protect', dependencies: DEPENDENCY_SETS.next16v4, nextAuth: 4, router: 'app', language: 'ts', protect: true },
  { name: 'v5-app-protect', dependencies: DEPENDENCY_SETS.next16v5, nextAuth: 5, router: 'app', language: 'ts', protect: true },
  { name: 'v4-pages', dependencies: DEPENDENCY_SETS.next16v4, nextAuth: 4, router: 'pages', language: 'ts', protect: false },
  { name: 'v5-app-js', dependencies: DEPENDENCY_SETS.next16v5, nextAuth: 5, router: 'app', language: 'js', protect: false },
  { name: 'v5-app-next15-middleware', dependencies: DEPENDENCY_SETS.next15v5, nextAuth: 5, router: 'app', language: 'ts', protect: true },
  // The multi-instance scenarios only (see "two next start instances" below); their memory twins are the
  // *-app-protect apps above, reused as built.
  { name: 'v4-app-redis', dependencies: DEPENDENCY_SETS.next16v4, nextAuth: 4, router: 'app', language: 'ts', protect: false, refreshStore: 'redis' },
  { name: 'v5-app-redis', dependencies: DEPENDENCY_SETS.next16v5, nextAuth: 5, router: 'app', language: 'ts', protect: false, refreshStore: 'redis' },
];
const selected = process.env.NEXTAUTH_APPS?.split(',').map((s) => s.trim()).filter(Boolean);
const APPS = selected ? ALL_APPS.filter((a) => selected.includes(a.name)) : ALL_APPS;
if (selected && APPS.length !== selected.length) throw new Error(`NEXTAUTH_APPS names an unknown app; known: ${ALL_APPS.map((a) => a.name).join(', ')}`);

/** Tokens issued by the backend live this long when a scenario needs a refresh due (60 s margin: due after 2 s). */
const SHORT_LIFETIME = 62;
const DUE_AFTER_MS = 2_500;

interface BuiltApp {
  readonly dir: string;
  readonly nextBin: string;
  readonly error?: Error;
}

const built = new Map<string, BuiltApp>();
const backend = new FakeBackend();
let browser: Browser;

const say = (line: string): void => console.log(`        ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const counts = (c: BackendCounts): string => `/refresh ${c.refreshes} (rotations ${c.rotations}, reuses ${c.reuses}, refusals ${c.refusals}), /login ${c.logins}, /me ${c.meCalls}`;

/** Creates the app, runs init on it, builds it; the error (if any) fails that app's scenarios only. */
async function buildApp(spec: AppSpec, installDir: string): Promise<BuiltApp> {
  const dir = path.join(installDir, 'apps', spec.name);
  const nextBin = nextBinary(installDir);
  try {
    // For iterating on the scenarios only: keep an app built by an earlier run (never in CI).
    if (process.env.NEXTAUTH_APP_REUSE_BUILD === '1' && fs.existsSync(path.join(dir, '.next', 'BUILD_ID'))) {
      console.log(`  ${spec.name}: reusing the earlier build (NEXTAUTH_APP_REUSE_BUILD=1)`);
      return { dir, nextBin };
    }
    fs.rmSync(dir, { recursive: true, force: true });
    writeSkeleton(dir, spec);
    const init = await run(process.execPath, [CLI, 'init', dir, '--yes', ...(spec.protect ? ['--protect', PROTECT_MATCHER] : []), ...(spec.refreshStore ? ['--refresh-store', spec.refreshStore] : [])], { cwd: dir, timeoutMs: 120_000 });
    const written = init.split('\n').filter((l) => /^(created|updated) /.test(l)).map((l) => l.replace(/^(created|updated) /, ''));
    console.log(`  ${spec.name}: init wrote ${written.join(', ')}`);
    if (spec.refreshStore === 'redis') {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      if (!manifest.dependencies?.redis || !/Install what was added to package\.json: npm install redis@/.test(init)) throw new Error(`init --refresh-store redis did not add redis to package.json or print its install command:\n${init}`);
    }
    const started = Date.now();
    await run(nextBin, ['build'], { cwd: dir, env: { NEXT_TELEMETRY_DISABLED: '1' }, timeoutMs: 15 * 60_000 });
    console.log(`  ${spec.name}: next build ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return { dir, nextBin };
  } catch (error) {
    console.log(`  ${spec.name}: FAILED to set up: ${(error as Error).message.split('\n')[0]}`);
    return { dir, nextBin, error: error as Error };
  }
}

before(async function () {
  this.timeout(60 * 60_000);
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run test:app does).`);
  browser = await launchBrowser();
  await backend.start();
  const installs = new Map<string, string>();
  for (const spec of APPS) {
    if (!installs.has(spec.dependencies.name)) installs.set(spec.dependencies.name, ensureInstalled(path.join(CACHE, 'deps'), spec.dependencies, (l) => console.log(`  ${l}`)));
  }
  // Two at a time: measured 396 s for the five builds against 555 s one at a time on 2 shared cores.
  const parallel = Math.max(1, Number(process.env.NEXTAUTH_APP_BUILDS ?? 2));
  const queue = [...APPS];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) built.set(spec.name, await buildApp(spec, installs.get(spec.dependencies.name)!));
    }),
  );
  console.log(`  ${APPS.length} apps built in ${((Date.now() - started) / 1000).toFixed(0)} s (${parallel} at a time)`);
});

after(async () => {
  await browser?.close();
  await backend.stop();
});

for (const spec of APPS.filter((a) => !a.refreshStore)) {
  describe(`${spec.name} (next-auth ${spec.nextAuth}, ${spec.router === 'app' ? 'App' : 'Pages'} Router, ${spec.language === 'ts' ? 'TypeScript' : 'JavaScript'}, ${spec.dependencies.name}${spec.protect ? ', --protect' : ''})`, function () {
    this.timeout(5 * 60_000);
    let server: NextServer;
    let origin: string;
    let context: BrowserContext;
    let page: Page;

    before(async () => {
      const app = built.get(spec.name);
      if (!app) throw new Error('not built');
      if (app.error) throw app.error;
      server = new NextServer(app.dir, app.nextBin, await freePort());
      const appUrl = server.url;
      await server.start({ [spec.nextAuth === 5 ? 'AUTH_URL' : 'NEXTAUTH_URL']: appUrl, API_BASE_URL: backend.url });
      origin = appUrl;
    });

    after(async () => {
      await server?.stop();
      const lines = server?.authLog() ?? [];
      if (lines.length > 0) console.log(`      server log (auth lines):\n${lines.map((l) => `        ${l}`).join('\n')}`);
    });

    beforeEach(async () => {
      backend.reset();
      context = await newContext(browser, origin);
      page = await context.newPage();
      if (process.env.NEXTAUTH_APP_DEBUG === '1') {
        page.on('console', (message) => say(`[browser ${message.type()}] ${message.text()}`));
        page.on('response', (response) => {
          if (/_next\/static/.test(response.url())) return;
          void response.headersArray().then((headers) => {
            const cookies = headers.filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value.replace(/=([^;]{12})[^;]*/, '=$1…'));
            say(`[browser] ${response.request().method()} ${response.url()} -> ${response.status()}${cookies.length ? ` set-cookie: ${cookies.join(' | ')}` : ''}`);
          });
        });
      }
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed') {
        say(`backend log (last 20): ${backend.log.slice(-20).join(' | ')}`);
        fs.mkdirSync(path.join(REPO, '.test-artifacts'), { recursive: true });
        await page.screenshot({ path: path.join(REPO, '.test-artifacts', `app-${spec.name}-${Date.now()}.png`) }).catch(() => undefined);
      }
      await context.close();
    });

    /** Signs in with tokens that are due for a refresh 2.5 s later; the refreshed ones live an hour. */
    const signInWithDueTokens = async (): Promise<void> => {
      backend.accessTokenLifetime = SHORT_LIFETIME;
      await signIn(page, origin);
      backend.accessTokenLifetime = 3600;
      await page.goto(`${origin}/blank.html`);
      await sleep(DUE_AFTER_MS);
    };

    it('answers under next start with only the environment init wrote (.env.local)', async () => {
      // The real server gets the app's public URL from the environment, as a deployment does; this one
      // gets nothing but the backend's URL, so it runs on what init wrote (v5 refuses untrusted hosts).
      const probe = new NextServer(built.get(spec.name)!.dir, built.get(spec.name)!.nextBin, await freePort());
      try {
        await probe.start({ API_BASE_URL: backend.url });
        const response = await fetch(`${probe.url}/api/auth/session`);
        const text = await response.text();
        say(`GET /api/auth/session -> ${response.status} ${text.slice(0, 80)}`);
        assert.strictEqual(response.status, 200, `${text}\n${probe.authLog().join('\n')}`);
      } finally {
        await probe.stop();
      }
    });

    it('signs in: a wrong password shows the error on the login page, the right one goes on', async () => {
      const mark = backend.mark();
      await signIn(page, origin, { password: 'wrong-password' });
      const alert = await page.textContent('form p[role="alert"]');
      assert.match(alert ?? '', /Wrong email or password/);
      assert.strictEqual(new URL(page.url()).pathname, '/login');
      await signIn(page, origin);
      assert.strictEqual(new URL(page.url()).pathname, '/');
      await page.waitForSelector('#status:text("authenticated")');
      assert.strictEqual(await page.textContent('#user'), USER.email);
      say(`wrong password: "${alert}" on /login; right one: ${page.url()} shows ${await page.textContent('#user')}; ${counts(backend.since(mark))}`);
    });

    it('keeps the refresh token out of the browser: session JSON and page HTML; the cookie is HttpOnly', async () => {
      await signIn(page, origin);
      const [answer] = await sessionRequests(page, origin, 1);
      assert.strictEqual(answer.email, USER.email);
      await page.goto(`${origin}${DASHBOARD}`);
      assert.strictEqual(await page.textContent('#me'), USER.email, 'the dashboard called the backend with a valid access token');
      const html = await page.content();
      const raw = await page.evaluate(async (url) => (await fetch(url)).text(), `${origin}${DASHBOARD}`);
      for (const token of backend.issuedRefreshTokens) {
        assert.ok(!answer.text.includes(token), 'the session JSON holds a refresh token');
        assert.ok(!html.includes(token) && !raw.includes(token), 'the page HTML holds a refresh token');
      }
      const cookie = await sessionCookie(context);
      assert.ok(cookie, 'a session cookie is set');
      assert.strictEqual(cookie.httpOnly, true);
      say(`session JSON keys: ${Object.keys(JSON.parse(answer.text) as object).join(', ')}; no refresh token in it or in ${html.length + raw.length} bytes of dashboard HTML; cookie ${cookie.name} HttpOnly, SameSite=${cookie.sameSite}`);
    });

    it('refreshes exactly once when due, on a quiet page', async () => {
      await signInWithDueTokens();
      const mark = backend.mark();
      const [first] = await sessionRequests(page, origin, 1);
      const [second] = await sessionRequests(page, origin, 1);
      const seen = backend.since(mark);
      say(`two session requests after the token fell due: ${counts(seen)}; answers ${first.status}/${second.status}, error ${first.error ?? 'none'}`);
      assert.strictEqual(seen.refreshes, 1);
      assert.strictEqual(seen.reuses, 0);
      assert.strictEqual(first.email, USER.email);
      assert.strictEqual(first.error, undefined);
    });

    for (const [label, latencyMs, staggerMs, count] of [
      ['10 concurrent session requests, instant backend', 0, 0, 10],
      ['10 concurrent session requests, backend answering in 500 ms', 500, 0, 10],
      ['12 session requests 40 ms apart, backend answering in 200 ms', 200, 40, 12],
    ] as const) {
      it(`${label}: one /refresh, no reuse, no error`, async () => {
        await signInWithDueTokens();
        backend.latencyMs = latencyMs;
        const mark = backend.mark();
        const answers = await sessionRequests(page, origin, count, staggerMs);
        const seen = backend.since(mark);
        const errors = answers.filter((a) => a.status !== 200 || a.error !== undefined || a.email !== USER.email);
        say(`${count} requests: ${counts(seen)}; ${answers.length - errors.length} answered with the user, ${errors.length} with an error or without the user`);
        assert.strictEqual(seen.refreshes, 1);
        assert.strictEqual(seen.reuses, 0);
        assert.deepStrictEqual(errors, []);
      });
    }

    it('a request that still carries the pre-rotation cookie gets the new tokens, no reuse', async () => {
      await signInWithDueTokens();
      const before = await sessionCookie(context);
      assert.ok(before);
      const mark = backend.mark();
      await sessionRequests(page, origin, 1);
      const after = await sessionCookie(context);
      assert.ok(after && after.value !== before.value, 'the rotation reached the cookie');
      await context.addCookies([{ ...before }]);
      const [late] = await sessionRequests(page, origin, 1);
      const seen = backend.since(mark);
      say(`late request with the old cookie: ${late.status}, user ${late.email ?? 'none'}, error ${late.error ?? 'none'}; ${counts(seen)}`);
      assert.strictEqual(late.email, USER.email);
      assert.strictEqual(late.error, undefined);
      assert.strictEqual(seen.refreshes, 1);
      assert.strictEqual(seen.reuses, 0);
    });

    it(`a refresh that falls due while ${DASHBOARD} renders on the server: no reuse, no logout`, async () => {
      await signInWithDueTokens();
      const before = await sessionCookie(context);
      const mark = backend.mark();
      await page.goto(`${origin}${DASHBOARD}`);
      assert.strictEqual(new URL(page.url()).pathname, DASHBOARD, `stayed on the dashboard (at ${page.url()})`);
      assert.strictEqual(await page.textContent('#me'), USER.email, 'the page got a fresh access token');
      // The page's SessionProvider asks for the session on load, with whatever cookie the render left.
      await page.waitForLoadState('networkidle');
      await page.goto(`${origin}${DASHBOARD}`);
      assert.strictEqual(await page.textContent('#me'), USER.email);
      await page.waitForLoadState('networkidle');
      const after = await sessionCookie(context);
      const seen = backend.since(mark);
      say(`dashboard twice: ${counts(seen)}; cookie ${after?.value !== before?.value ? 'now holds the rotated tokens' : 'unchanged'}`);
      assert.strictEqual(seen.refreshes, 1);
      assert.strictEqual(seen.reuses, 0);
      assert.ok(after && before && after.value !== before.value, 'the rotation reached the cookie');
    });

    it('a refused refresh ends the session: sent to the login page with callbackUrl, signed out, the dead token sent once', async () => {
      backend.accessTokenLifetime = SHORT_LIFETIME;
      await signIn(page, origin);
      backend.refuseRefresh = true;
      await page.goto(`${origin}/blank.html`);
      await sleep(DUE_AFTER_MS);
      const mark = backend.mark();
      await page.goto(`${origin}${DASHBOARD}`);
      await page.waitForURL((url) => url.pathname === '/login', { timeout: 30_000 });
      const landed = new URL(page.url());
      const callbackUrl = landed.searchParams.get('callbackUrl') ?? '';
      assert.ok(callbackUrl.endsWith(DASHBOARD), `callbackUrl ${callbackUrl}`);
      // The login page's session check finds the refused session and signs it out. Checked once a second,
      // as an app that polls the session would (each check is a request that can race the sign-out).
      const deadline = Date.now() + 20_000;
      let session = '';
      while (Date.now() < deadline) {
        await sleep(1_000);
        session = await page.evaluate(async () => (await fetch('/api/auth/session')).text());
        if (!/"user"/.test(session)) break;
      }
      assert.ok(!/"user"/.test(session), `signed out: ${session}`);
      await sleep(1_500);
      await page.goto(`${origin}/`);
      await page.waitForSelector('#status:text("unauthenticated")');
      const seen = backend.since(mark);
      say(`landed on ${landed.pathname}${landed.search}; session afterwards ${session}; ${counts(seen)}`);
      assert.ok(seen.refreshes <= 1, `the dead refresh token was sent ${seen.refreshes} times`);
      assert.strictEqual(seen.reuses, 0);
      assert.strictEqual(new URL(page.url()).pathname, '/', 'sent to the login page once: public pages stay reachable');
    });

    it('the login page keeps callbackUrl on this site (open-redirect vectors)', async () => {
      const vectors = ['//evil.example/', '/.//evil.example/', '/%2e//evil.example/', '/\\evil.example/', 'https://evil.example/', `${origin}//evil.example/`, 'javascript:alert(1)', `${DASHBOARD}?tab=1`];
      const landed: string[] = [];
      for (const vector of vectors) {
        await context.clearCookies();
        await signIn(page, origin, { callbackUrl: vector });
        const url = new URL(page.url());
        landed.push(`${JSON.stringify(vector)} -> ${url.origin === origin ? url.pathname + url.search : url.href}`);
        assert.strictEqual(url.origin, origin, `${vector} led to ${page.url()}`);
      }
      say(landed.join('; '));
      assert.ok(landed[landed.length - 1].endsWith(`${DASHBOARD}?tab=1`), 'a same-site callbackUrl is followed');
    });

    it('signs out', async () => {
      await signIn(page, origin);
      await page.waitForSelector('#status:text("authenticated")');
      await page.click('#sign-out');
      await page.waitForSelector('#status:text("unauthenticated")');
      const [answer] = await sessionRequests(page, origin, 1);
      const cookie = await sessionCookie(context);
      say(`after sign-out: session ${answer.text}, cookie ${cookie ? 'still set' : 'gone'}`);
      assert.strictEqual(answer.email, undefined);
      assert.strictEqual(cookie, undefined);
    });
  });
}

// Issue 14: token rotation across server instances. Two `next start` processes of one built app on two
// ports, with the secret init wrote and one browser cookie jar (cookies are per host, not per port), take
// requests while a refresh is due. With `--refresh-store redis` and a real redis-server: one /refresh per
// rotation, no reuse, nobody signed out; Redis stopped mid-run: sign-in and single-instance rotation still
// work, one log line says why. The same app built with the default in-process store shows the reuse the
// README warns about.
for (const major of [4, 5] as const) {
  const redisApp = APPS.find((a) => a.refreshStore === 'redis' && a.nextAuth === major);
  const memoryApp = APPS.find((a) => !a.refreshStore && a.nextAuth === major && a.router === 'app' && a.language === 'ts' && a.dependencies.name.startsWith('next16'));
  if (!redisApp && !memoryApp) continue;
  describe(`two next start instances, next-auth ${major}`, function () {
    this.timeout(5 * 60_000);
    const UNAVAILABLE = /\[auth\] Redis refresh store unavailable/;
    let redis: RedisServer | undefined;
    const servers: NextServer[] = [];
    let context: BrowserContext | undefined;

    /** Starts two instances of an app (the same build, the same .env.local) and one browser for both. */
    const twoInstances = async (spec: AppSpec, env: Record<string, string> = {}): Promise<{ a: NextServer; b: NextServer; pageA: Page; pageB: Page }> => {
      const app = built.get(spec.name);
      if (!app) throw new Error(`${spec.name} not built`);
      if (app.error) throw app.error;
      const [a, b] = [new NextServer(app.dir, app.nextBin, await freePort()), new NextServer(app.dir, app.nextBin, await freePort())];
      servers.push(a, b);
      await Promise.all([a, b].map((server) => server.start({ [major === 5 ? 'AUTH_URL' : 'NEXTAUTH_URL']: server.url, API_BASE_URL: backend.url, ...env })));
      context = await browser.newContext();
      const origins = new Set([a.url, b.url]);
      await context.route((url) => !origins.has(url.origin), (route) => route.abort());
      const [pageA, pageB] = [await context.newPage(), await context.newPage()];
      return { a, b, pageA, pageB };
    };

    /** Signs in on `page` with tokens due 2.5 s later, whose refreshed successors are due soon too. */
    const signInDue = async (page: Page, origin: string): Promise<void> => {
      backend.accessTokenLifetime = SHORT_LIFETIME;
      await signIn(page, origin);
      await page.goto(`${origin}/blank.html`);
      await sleep(DUE_AFTER_MS);
    };

    beforeEach(() => backend.reset());

    afterEach(async function () {
      if (this.currentTest?.state === 'failed') say(`backend log (last 20): ${backend.log.slice(-20).join(' | ')}`);
      await context?.close();
      context = undefined;
      for (const server of servers.splice(0)) {
        await server.stop();
        if (this.currentTest?.state === 'failed') console.log(server.authLog().map((l) => `        ${l}`).join('\n'));
      }
      await redis?.stop();
      redis = undefined;
    });

    if (redisApp) {
      it('redis: bursts and a pre-rotation cookie across both instances: one /refresh per rotation, no reuse, nobody signed out', async () => {
        redis = new RedisServer(await freePort());
        await redis.start();
        const { a, b, pageA, pageB } = await twoInstances(redisApp, { REDIS_URL: redis.url });
        await signInDue(pageA, a.url);
        await pageB.goto(`${b.url}/blank.html`);
        const rounds: string[] = [];
        for (const [label, latencyMs] of [['burst of 6 + 6, backend 200 ms', 200], ['burst of 6 + 6, instant backend', 0]] as const) {
          backend.latencyMs = latencyMs;
          const mark = backend.mark();
          const answers = (await Promise.all([sessionRequests(pageA, a.url, 6), sessionRequests(pageB, b.url, 6)])).flat();
          const seen = backend.since(mark);
          const bad = answers.filter((x) => x.status !== 200 || x.error !== undefined || x.email !== USER.email);
          rounds.push(`${label}: ${counts(seen)}, ${bad.length} bad answers`);
          assert.strictEqual(seen.refreshes, 1, rounds.join('; '));
          assert.strictEqual(seen.reuses, 0, rounds.join('; '));
          assert.deepStrictEqual(bad, []);
          await sleep(DUE_AFTER_MS); // the rotated tokens live SHORT_LIFETIME too: due again for the next round
        }
        // The cookie from before a rotation, sent to the other instance after A rotated.
        const before = await sessionCookie(context!);
        const mark = backend.mark();
        await sessionRequests(pageA, a.url, 1);
        const after = await sessionCookie(context!);
        assert.ok(before && after && after.value !== before.value, 'the rotation on A reached the cookie');
        await context!.addCookies([{ ...before }]);
        const [late] = await sessionRequests(pageB, b.url, 1);
        const seen = backend.since(mark);
        rounds.push(`pre-rotation cookie on B after A rotated: user ${late.email ?? 'none'}, error ${late.error ?? 'none'}; ${counts(seen)}`);
        say(rounds.join('\n        '));
        assert.strictEqual(late.email, USER.email);
        assert.strictEqual(late.error, undefined);
        assert.strictEqual(seen.refreshes, 1);
        assert.strictEqual(seen.reuses, 0);
        for (const server of [a, b]) assert.deepStrictEqual(server.output.split('\n').filter((l) => UNAVAILABLE.test(l)), [], 'no fallback while Redis is up');
      });

      it('redis stopped mid-run: sign-in and single-instance rotation still work, one log line says why', async () => {
        redis = new RedisServer(await freePort());
        await redis.start();
        const { a, pageA } = await twoInstances(redisApp, { REDIS_URL: redis.url });
        await signInDue(pageA, a.url);
        const [rotated] = await sessionRequests(pageA, a.url, 1);
        assert.strictEqual(rotated.email, USER.email, 'a rotation through Redis first');
        await redis.stop();
        await context!.clearCookies();
        await signInDue(pageA, a.url);
        backend.latencyMs = 200;
        const mark = backend.mark();
        const answers = await sessionRequests(pageA, a.url, 6);
        const again = await sessionRequests(pageA, a.url, 2);
        const seen = backend.since(mark);
        const lines = a.output.split('\n').filter((l) => UNAVAILABLE.test(l));
        say(`Redis stopped: 8 session requests on A: ${counts(seen)}; A logged: ${lines.join(' | ')}`);
        assert.deepStrictEqual([...answers, ...again].filter((x) => x.email !== USER.email || x.error !== undefined), []);
        assert.strictEqual(seen.refreshes, 1);
        assert.strictEqual(seen.reuses, 0);
        assert.strictEqual(lines.length, 1, a.output);
      });
    }

    if (memoryApp) {
      it(`memory (${memoryApp.name}): the pre-rotation cookie on the other instance sends the old refresh token again, as the README warns`, async () => {
        const { a, b, pageA, pageB } = await twoInstances(memoryApp);
        await signInDue(pageA, a.url);
        await pageB.goto(`${b.url}/blank.html`);
        const before = await sessionCookie(context!);
        const mark = backend.mark();
        await sessionRequests(pageA, a.url, 1);
        await context!.addCookies([{ ...before! }]);
        const [late] = await sessionRequests(pageB, b.url, 1);
        const seen = backend.since(mark);
        say(`in-process store, pre-rotation cookie on B: user ${late.email ?? 'none'}, error ${late.error ?? 'none'}; ${counts(seen)}`);
        assert.strictEqual(seen.refreshes, 2, 'each instance refreshed the same token');
        assert.strictEqual(seen.reuses, 1, 'the backend saw the reuse');
        assert.strictEqual(late.error, 'RefreshAccessTokenError', 'and the user is signed out');
      });
    }
  });
}
