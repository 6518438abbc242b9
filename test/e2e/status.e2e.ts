// Browser end-to-end test of the extension's status entries on the installed .vsix in code-server with
// Workspace Trust on, driven like a user: open the app and answer "No, I don't trust the authors"; the
// status bar and the language status ({} next to the language name) say the scaffold commands need a
// trusted folder; its "Manage Trust" link opens the Workspace Trust editor; "Trust" makes the
// Restricted Mode entry go, the scaffold commands are back in the palette, and the language status shows
// "NextAuth checks: on · N files". Screenshots go to $ARTIFACTS (the README's language-status.png and
// restricted-mode-status.png come from these).
// env: SERVER_URL, WORKSPACE (a copy of test/fixtures/apps/app-router-src), ARTIFACTS, CHROMIUM
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Locator, type Page } from 'playwright-core';
import { openFile } from './workbench';

const serverUrl = process.env.SERVER_URL ?? 'http://127.0.0.1:18094';
const workspace = process.env.WORKSPACE ?? '';
const artifacts = process.env.ARTIFACTS ?? path.resolve('.test-artifacts', 'e2e');
const started = Date.now();
const log = (...parts: unknown[]) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s]`, ...parts);

const RESTRICTED = 'NextAuth: the scaffold commands need a trusted folder';
const CHECKS_ON = /NextAuth checks: on · \d+ files?/;

/** A session callback that hands the JWT to the browser, so the status counts a file with findings. */
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

/** The entries of the language status hover ({} in the status bar), opened by clicking it as a user does. */
async function openLanguageStatus(page: Page, mustShow: string | RegExp): Promise<Locator> {
  const entries = page.locator('.hover-language-status');
  const deadline = Date.now() + 60000;
  let shownOutside = 0;
  for (;;) {
    await page.locator('#status\\.languageStatus').first().click();
    try {
      await entries.filter({ hasText: mustShow }).first().waitFor({ state: 'visible', timeout: 5000 });
    } catch (error) {
      // Not there yet (the extension host still starting, a check still running): close and look again.
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw error;
      continue;
    }
    // The hover is placed for the entries it had when it opened; TypeScript's own entries may grow after and
    // push it past the window's edge (the screenshot would cut it). Opened again, it is placed for what it shows.
    if ((await fitsInWindow(page, entries)) || ++shownOutside === 3) return entries;
    await page.keyboard.press('Escape');
  }
}

/** The rows the command palette lists for `query` once `waitFor` is among them. */
async function paletteRows(page: Page, query: string, waitFor: string): Promise<string[]> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`>${query}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: waitFor }).first().waitFor({ timeout: 30000 });
  const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  await page.keyboard.press('Escape');
  return rows.map((row) => row.replace(/\s+/g, ' ').trim());
}

async function fitsInWindow(page: Page, elements: Locator): Promise<boolean> {
  const viewport = page.viewportSize();
  if (!viewport) return true;
  // The entries and their links: a long entry can push its link out of a hover that itself fits.
  const all = [...(await elements.all()), ...(await elements.locator('.monaco-link').all())];
  for (const box of await Promise.all(all.map((element) => element.boundingBox()))) {
    if (box && (box.x < 0 || box.y < 0 || box.x + box.width > viewport.width || box.y + box.height > viewport.height)) return false;
  }
  return true;
}

async function main(): Promise<void> {
  if (!workspace || !fs.existsSync(path.join(workspace, 'package.json'))) throw new Error('WORKSPACE must be a copy of a fixture app');
  fs.mkdirSync(artifacts, { recursive: true });
  const leaky = path.join(workspace, 'src', 'lib', 'leaky-auth.ts');
  fs.mkdirSync(path.dirname(leaky), { recursive: true });
  fs.writeFileSync(leaky, LEAKING_AUTH_FILE);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, name) });
  const step = async (name: string, body: () => Promise<void>) => {
    try {
      await body();
      passed++;
      log('PASS', name);
    } catch (error) {
      failed++;
      log('FAIL', name, error instanceof Error ? error.message : error);
      await shot(`status-failed-step-${failed}.png`).catch(() => undefined);
      throw error; // each step starts where the previous one left the window
    }
  };
  try {
    page.on('pageerror', (error) => log('pageerror', error.message));
    await page.goto(`${serverUrl}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });

    await step('answering "No, I don\'t trust the authors" leaves a status bar entry saying the scaffold commands need a trusted folder', async () => {
      const dialog = page.locator('.monaco-dialog-box', { hasText: 'trust the authors' });
      await dialog.waitFor({ state: 'visible', timeout: 60000 });
      await dialog.locator('.monaco-button', { hasText: "No, I don't trust the authors" }).first().click();
      await dialog.waitFor({ state: 'detached', timeout: 10000 });
      await page.waitForSelector('.explorer-folders-view', { timeout: 60000 });
      const entry = page.locator(`.statusbar-item[aria-label^="${RESTRICTED}"]`);
      await entry.first().waitFor({ state: 'visible', timeout: 60000 });
      log('status bar entry:', (await entry.first().innerText()).trim());
      // What the entry explains: the palette lists NextAuth: Show Log, not the writing commands.
      const rows = await paletteRows(page, 'NextAuth:', 'NextAuth: Show Log');
      if (rows.some((row) => row.includes('Scaffold Credentials Authentication'))) throw new Error(`the scaffold command is listed in Restricted Mode: ${JSON.stringify(rows)}`);
    });

    await step('on a TS file, the language status says it too (warning), next to "NextAuth checks: on · N files"', async () => {
      await openFile(page, 'leaky-auth.ts');
      await page.locator('.monaco-editor .view-lines', { hasText: 'session.user = token as any' }).first().waitFor({ timeout: 20000 });
      // The checks run in Restricted Mode: the warning shows before the status is read.
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60000 });
      const entries = await openLanguageStatus(page, RESTRICTED);
      await entries.filter({ hasText: CHECKS_ON }).first().waitFor({ state: 'visible', timeout: 10000 });
      const text = (await entries.allInnerTexts()).join(' | ').replace(/\s+/g, ' ');
      log('language status:', text);
      if (!text.includes('Manage Trust')) throw new Error(`no "Manage Trust" link: ${text}`);
      await shot('restricted-mode-status.png');
    });

    await step('"Manage Trust" opens the Workspace Trust editor; "Trust" makes the Restricted Mode entries go', async () => {
      await page.locator('.hover-language-status', { hasText: RESTRICTED }).locator('.monaco-link', { hasText: 'Manage Trust' }).first().click();
      const editor = page.locator('.workspace-trust-editor');
      await editor.waitFor({ state: 'visible', timeout: 20000 });
      await editor.locator('.monaco-button', { hasText: /^Trust$/ }).first().click();
      await page.locator(`.statusbar-item[aria-label^="${RESTRICTED}"]`).first().waitFor({ state: 'detached', timeout: 30000 });
      // The commands are back without a reload.
      await paletteRows(page, 'NextAuth:', 'NextAuth: Scaffold Credentials Authentication');
    });

    await step('trusted: the language status shows "NextAuth checks: on · N files" and the finding, linking to the log', async () => {
      await page.locator('.tabs-container .tab', { hasText: 'leaky-auth.ts' }).first().click();
      await page.locator('.tabs-container .tab.active', { hasText: 'leaky-auth.ts' }).waitFor({ timeout: 10000 });
      const entries = await openLanguageStatus(page, CHECKS_ON);
      const text = (await entries.allInnerTexts()).join(' | ').replace(/\s+/g, ' ');
      log('language status:', text);
      if (text.includes(RESTRICTED)) throw new Error(`the Restricted Mode entry is still there: ${text}`);
      if (!/with findings/.test(text)) throw new Error(`the finding is not counted: ${text}`);
      if (!text.includes('Show Log')) throw new Error(`no "Show Log" link: ${text}`);
      await shot('language-status.png');
      await entries.filter({ hasText: CHECKS_ON }).locator('.monaco-link', { hasText: 'Show Log' }).first().click();
      // The Output panel opens on the extension's channel.
      const channels = () =>
        page.locator('.part.panel select').evaluateAll((selects) => selects.map((select) => (select as unknown as { selectedOptions: ArrayLike<{ text: string }> }).selectedOptions[0]?.text));
      const deadline = Date.now() + 20000;
      while (!(await channels()).includes('NextAuth Scaffold')) {
        if (Date.now() > deadline) throw new Error(`the Output panel does not show the NextAuth Scaffold channel: ${JSON.stringify(await channels())}`);
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
    if (passed + failed === 0 || !(error instanceof Error)) console.error(error);
    if (failed === 0) failed++;
  })
  .finally(() => {
    log(`wall ${((Date.now() - started) / 1000).toFixed(1)}s`);
    console.log(`e2e (status): ${passed} passed, ${failed} failed`);
    process.exit(failed > 0 ? 1 : 0);
  });
