// Browser end-to-end test on the installed .vsix in code-server, driven like a user: F1 -> "NextAuth:
// Scaffold Credentials Authentication" -> Apply; then a leaking auth file shows its squiggle, the
// Problems row and the quick fix. Screenshots go to $ARTIFACTS (the README's come from these).
// env: SERVER_URL, WORKSPACE (a copy of test/fixtures/apps/app-router-src), ARTIFACTS, CHROMIUM
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Page } from 'playwright-core';

const serverUrl = process.env.SERVER_URL ?? 'http://127.0.0.1:18093';
const workspace = process.env.WORKSPACE ?? '';
const artifacts = process.env.ARTIFACTS ?? path.resolve('.test-artifacts', 'e2e');
const started = Date.now();
const log = (...parts: unknown[]) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s]`, ...parts);

const LEAKING_AUTH_FILE = `import type { NextAuthOptions } from "next-auth";

export const leakyOptions: NextAuthOptions = {
  providers: [],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.refreshToken = (user as any).refreshToken;
      return token;
    },
    async session({ session, token }) {
      session.user = token as any;
      return session;
    },
  },
};
`;

let passed = 0;
let failed = 0;
let onFailure: (name: string) => Promise<unknown> = async () => undefined;
async function step(name: string, body: () => Promise<void>): Promise<boolean> {
  try {
    await body();
    passed++;
    log('PASS', name);
    return true;
  } catch (error) {
    failed++;
    log('FAIL', name, error instanceof Error ? error.message : error);
    await onFailure(`failed-step-${failed}.png`).catch(() => undefined);
    return false;
  }
}

/** Waits for files to appear on disk (written by the extension host), up to a deadline. */
async function waitForFiles(page: Page, files: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (files.some((f) => !fs.existsSync(f))) {
    if (Date.now() > deadline) throw new Error(`not written: ${files.filter((f) => !fs.existsSync(f)).join(', ')}`);
    await page.waitForTimeout(100);
  }
}

/** Runs a command from the palette; retries while the extension host is still registering contributions. */
async function runPaletteCommand(page: Page, title: string): Promise<void> {
  const deadline = Date.now() + 90000;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw error;
    }
  }
}

async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

async function main(): Promise<void> {
  if (!workspace || !fs.existsSync(path.join(workspace, 'package.json'))) throw new Error('WORKSPACE must be a copy of a fixture app');
  fs.mkdirSync(artifacts, { recursive: true });
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, name) });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  onFailure = (name) => shot(name);
  try {
    page.on('pageerror', (error) => log('pageerror', error.message));
    await page.goto(`${serverUrl}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view', { timeout: 60000 });
    log('workbench loaded');
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);

    const route = path.join(workspace, 'src', 'app', 'api', 'auth', '[...nextauth]', 'route.ts');
    const envFile = path.join(workspace, '.env.local');
    await step('F1 -> "NextAuth: Scaffold Credentials Authentication" -> Apply writes the files', async () => {
      await runPaletteCommand(page, 'NextAuth: Scaffold Credentials Authentication');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 60000 });
      const question = await dialog.innerText();
      if (!/create \d+ files?, update \d+ files?/i.test(question)) throw new Error(`unexpected dialog: ${question}`);
      await shot('scaffold-confirm.png');
      await dialog.locator('.monaco-button', { hasText: 'Apply' }).first().click();
      await waitForFiles(page, [route, envFile], 30000);
      if (!/^NEXTAUTH_SECRET=.+/m.test(fs.readFileSync(envFile, 'utf8'))) throw new Error('.env.local has no NEXTAUTH_SECRET');
      // The main file opens in an editor once the edit is applied.
      await page.locator('.tabs-container .tab.active').waitFor({ timeout: 10000 });
      await page.locator('.notifications-toasts', { hasText: 'NextAuth' }).first().waitFor({ timeout: 10000 }).catch(() => undefined);
      await shot('scaffold-applied.png');
    });

    const leaky = path.join(workspace, 'src', 'lib', 'leaky-auth.ts');
    fs.mkdirSync(path.dirname(leaky), { recursive: true });
    fs.writeFileSync(leaky, LEAKING_AUTH_FILE);
    await step('a session callback that leaks the token gets a squiggle and a Problems row', async () => {
      await page.keyboard.press('Escape');
      await openFile(page, 'leaky-auth.ts');
      await page.locator('.monaco-editor .view-lines', { hasText: 'session.user = token as any' }).first().waitFor({ timeout: 20000 });
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30000 });
      await page.keyboard.press('F8'); // go to the problem: shows the message inline
      await page.locator('.marker-widget').first().waitFor({ timeout: 10000 }).catch(() => undefined);
      await shot('leak-warning.png');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'nextauth-scaffold' });
      await row.first().waitFor({ timeout: 10000 });
      log('problems row:', (await row.first().innerText()).replace(/\s+/g, ' '));
      await shot('problems-panel.png');
    });

    await step('the preferred quick fix removes the warning', async () => {
      await openFile(page, 'leaky-auth.ts');
      // Put the cursor on the squiggle, as a user clicking it would, and ask for quick fixes.
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 20000 });
      await page.keyboard.press('F8');
      await page.keyboard.press('Escape');
      await shot('before-quick-fix.png');
      // The menu waits for every provider, TypeScript's included; while tsserver is still loading the
      // project a request can come back empty ("No code actions available"), so ask again until it shows.
      const menu = page.locator('.action-widget');
      const menuDeadline = Date.now() + 90000;
      for (;;) {
        await page.keyboard.press('Control+.');
        try {
          await menu.waitFor({ state: 'visible', timeout: 10000 });
          break;
        } catch (error) {
          if (Date.now() > menuDeadline) throw error;
          await page.keyboard.press('Escape');
        }
      }
      await menu.locator('.monaco-list-row', { hasText: 'Expose only' }).first().waitFor({ timeout: 10000 });
      await shot('quick-fix.png');
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'detached', timeout: 20000 });
      await page.keyboard.press('Control+S');
      const deadline = Date.now() + 10000;
      while (fs.readFileSync(leaky, 'utf8').includes('session.user = token as any') && !fs.readFileSync(leaky, 'utf8').includes('nextauth-scaffold-ignore')) {
        if (Date.now() > deadline) throw new Error('the fix did not reach the file');
        await page.waitForTimeout(100);
      }
    });
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main()
  .catch((error: unknown) => {
    failed++;
    console.error(error);
  })
  .finally(() => {
    log(`wall ${((Date.now() - started) / 1000).toFixed(1)}s`);
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    process.exit(failed > 0 ? 1 : 0);
  });
