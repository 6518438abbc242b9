// Browser end-to-end test on the installed .vsix in code-server, driven like a user: F1 -> "NextAuth:
// Scaffold Credentials Authentication" (its progress notification, the plan dialog) -> Preview -> the
// refactor preview's Apply; the scaffolded session callback's "Sent to the browser" lens, its hover and the
// JSON it opens; then a leaking auth file shows its squiggle, the Problems row and the quick fix; last, the
// message in a folder with no Next.js app. Screenshots go to $ARTIFACTS (the README's come from these).
// env: SERVER_URL, WORKSPACE (a copy of test/fixtures/apps/app-router-src), ARTIFACTS, CHROMIUM
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Page } from 'playwright-core';
import { openFile } from './workbench';

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

/** The first file under `dir` (node_modules skipped) whose name and text pass `test`. */
function findFile(dir: string, test: (name: string, text: string) => boolean): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') {
      const found = findFile(full, test);
      if (found) return found;
    } else if (entry.isFile() && test(entry.name, fs.readFileSync(full, 'utf8'))) return full;
  }
  return undefined;
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
    const layout = path.join(workspace, 'src', 'app', 'layout.tsx');
    await step('F1 -> "NextAuth: Scaffold Credentials Authentication": a progress notification at once, then the plan dialog', async () => {
      await runPaletteCommand(page, 'NextAuth: Scaffold Credentials Authentication');
      const progress = page.locator('.notification-toast', { hasText: 'Reading the project' }).first();
      await progress.waitFor({ state: 'visible', timeout: 60000 });
      if (await page.locator('.monaco-dialog-box').isVisible()) throw new Error('the plan dialog came before the progress notification');
      const text = (await progress.innerText()).replace(/\s+/g, ' ');
      if (!text.includes('NextAuth: Scaffold Credentials Authentication')) throw new Error(`unexpected progress notification: ${text}`);
      await progress.locator('.monaco-button', { hasText: 'Cancel' }).waitFor({ state: 'visible', timeout: 5000 });
      await shot('scaffold-progress.png');
      log('progress notification:', text);
    });

    await step('Preview opens the refactor preview with every change ticked; its Apply writes the files', async () => {
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 120000 });
      const question = await dialog.innerText();
      if (!/create \d+ files?, update \d+ files?/i.test(question)) throw new Error(`unexpected dialog: ${question}`);
      await shot('scaffold-confirm.png');
      await dialog.locator('.monaco-button', { hasText: 'Preview' }).first().click();
      const pane = page.locator('.bulk-edit-panel');
      const boxes = pane.locator('input.edit-checkbox');
      await boxes.first().waitFor({ state: 'visible', timeout: 30000 });
      const ticked = await boxes.evaluateAll((elements) => elements.map((e) => (e as unknown as { checked: boolean }).checked));
      if (ticked.length === 0 || ticked.some((checked) => !checked)) throw new Error(`unticked entries in the preview: ${JSON.stringify(ticked)}`);
      // The updated layout shows its changes as separate rows, none of them the untouched rest of the file.
      const edits = await pane.locator('.textedit').allInnerTexts();
      if (edits.length < 2) throw new Error(`expected the layout's changes as separate rows, got ${JSON.stringify(edits)}`);
      if (edits.some((row) => row.includes('export default function'))) throw new Error(`a row replaces unchanged code: ${JSON.stringify(edits)}`);
      await shot('refactor-preview.png');
      await pane.locator('.monaco-button', { hasText: 'Apply' }).first().click();
      // The command ends by opening the main file and saying what it wrote.
      await page.locator('.notification-toast', { hasText: 'Scaffold Credentials Authentication done' }).first().waitFor({ timeout: 60000 });
      await page.locator('.tabs-container .tab.active', { hasText: 'auth.ts' }).waitFor({ timeout: 10000 });
      await waitForFiles(page, [route, envFile], 30000);
      if (!/^NEXTAUTH_SECRET=.+/m.test(fs.readFileSync(envFile, 'utf8'))) throw new Error('.env.local has no NEXTAUTH_SECRET');
      if (!fs.readFileSync(layout, 'utf8').includes('<AuthSessionProvider>')) throw new Error('the layout was not updated');
      await shot('scaffold-applied.png');
    });

    // Written before the next Ctrl+P: quick open keeps the file list it read first for a while.
    const leaky = path.join(workspace, 'src', 'lib', 'leaky-auth.ts');
    fs.mkdirSync(path.dirname(leaky), { recursive: true });
    fs.writeFileSync(leaky, LEAKING_AUTH_FILE);
    await step('the scaffolded session callback says what it sends to the browser (CodeLens); the lens opens the JSON', async () => {
      const authFile = findFile(path.join(workspace, 'src'), (name, text) => /\.[jt]sx?$/.test(name) && /\bsession\s*\(\s*\{\s*session,\s*token/.test(text));
      if (!authFile) throw new Error('no scaffolded session callback found under src/');
      const line = fs.readFileSync(authFile, 'utf8').split('\n').findIndex((l) => /\bsession\s*\(\s*\{\s*session,\s*token/.test(l)) + 1;
      await page.keyboard.press('Escape');
      await openFile(page, path.basename(authFile));
      // Go to the callback's line, shown mid-editor, so its lens is in view.
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill(`:${line}`);
      await page.keyboard.press('Enter');
      const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Sent to the browser' }).first();
      await lens.waitFor({ timeout: 60000 });
      const title = (await lens.innerText()).replace(/\s+/g, ' ').trim();
      log('session lens:', title);
      if (!/^Sent to the browser: .*accessToken.* · no refresh token$/.test(title)) throw new Error(`unexpected lens: ${title}`);
      // The same as a table, on hover over the callback's name.
      const name = page.locator('.monaco-editor .view-line', { hasText: 'async session({' }).locator('span', { hasText: /^session$/ }).first();
      await name.hover();
      await page.locator('.monaco-hover', { hasText: 'Sent to the browser' }).first().waitFor({ state: 'visible', timeout: 30000 });
      await shot('session-lens.png');
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      await lens.click();
      await page.locator('.tabs-container .tab', { hasText: 'session.json' }).first().waitFor({ timeout: 20000 });
      await page.locator('.monaco-editor .view-lines', { hasText: '"expires"' }).first().waitFor({ timeout: 20000 });
      await shot('session-json.png');
      await page.keyboard.press('Control+W');
    });

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

    // A folder that is not a Next.js app, deep enough that its path would push the advice out of sight.
    const plain = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-e2e-plain-')), 'clients', 'acme-corporation', 'internal-tools', 'billing-service-api');
    fs.mkdirSync(plain, { recursive: true });
    fs.writeFileSync(path.join(plain, 'package.json'), '{ "name": "billing-service-api", "dependencies": { "express": "^4.21.0" } }\n');
    await step('in a folder with no Next.js app, the message is readable in full', async () => {
      await page.goto(`${serverUrl}/?folder=${encodeURIComponent(plain)}`);
      await page.waitForSelector('.explorer-folders-view', { timeout: 60000 });
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
      await runPaletteCommand(page, 'NextAuth: Scaffold Credentials Authentication');
      const toast = page.locator('.notification-toast', { hasText: 'open the folder of your Next.js app' }).first();
      await toast.waitFor({ state: 'visible', timeout: 60000 });
      const message = toast.locator('.notification-list-item-message').first();
      const text = (await message.innerText()).replace(/\s+/g, ' ').trim();
      const clipped = await message.evaluate((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
      await shot('not-a-next-app.png');
      log('message:', text);
      if (!text.startsWith('NextAuth: open the folder of your Next.js app')) throw new Error(`the advice does not lead: ${text}`);
      if (!text.endsWith('the log says where it looked.')) throw new Error(`the message is cut off: ${text}`);
      if (clipped) throw new Error('the message is clipped in the notification');
    });
    fs.rmSync(path.dirname(path.dirname(path.dirname(path.dirname(plain)))), { recursive: true, force: true });
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
