import * as fs from 'fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';

/** Debian's chromium (or $CHROMIUM), headless, with the flags that keep it off the network. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`test:app needs Debian's chromium at ${executablePath} (apt-get install chromium), or CHROMIUM=/path/to/chromium`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser profile for one scenario; requests that leave the app's origin are aborted (no network here). */
export async function newContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route((url) => url.origin !== origin, (route) => route.abort());
  return context;
}

export const USER = { email: 'ada@example.com', password: 's3cret-password' };

/** Fills and submits the generated login page; resolves once the browser has left /login (or shown an error). */
export async function signIn(page: Page, origin: string, options: { password?: string; callbackUrl?: string } = {}): Promise<void> {
  const query = options.callbackUrl === undefined ? '' : `?callbackUrl=${encodeURIComponent(options.callbackUrl)}`;
  await page.goto(`${origin}/login${query}`);
  await page.fill('input[name="email"]', USER.email);
  await page.fill('input[name="password"]', options.password ?? USER.password);
  await page.click('button[type="submit"]');
  if (options.password !== undefined && options.password !== USER.password) {
    // The form's own message (Next.js also has a role="alert" route announcer).
    await page.waitForSelector('form p[role="alert"]', { timeout: 30_000 });
    return;
  }
  await page.waitForURL((url) => url.pathname !== '/login', { timeout: 30_000 });
}

/** The NextAuth session cookie (v4 `next-auth.session-token`, v5 `authjs.session-token`). */
export async function sessionCookie(context: BrowserContext): Promise<Cookie | undefined> {
  return (await context.cookies()).find((c) => /(^|\.)session-token(\.\d+)?$/.test(c.name));
}

/** What one /api/auth/session request answered, as the page saw it. */
export interface SessionAnswer {
  readonly status: number;
  readonly email?: string;
  readonly error?: string;
  readonly text: string;
}

/**
 * Sends `count` requests for the session from the browser itself (so its connection limits and cookie jar
 * apply), `staggerMs` apart (0: all at once), from the app's static blank page.
 */
export async function sessionRequests(page: Page, origin: string, count: number, staggerMs = 0): Promise<SessionAnswer[]> {
  if (!page.url().startsWith(`${origin}/blank.html`)) await page.goto(`${origin}/blank.html`);
  // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
  return page.evaluate(`(${SESSION_REQUESTS})(${count}, ${staggerMs})`) as Promise<SessionAnswer[]>;
}

/** Runs in the page: `count` fetches of /api/auth/session, `staggerMs` apart, answers in order. */
const SESSION_REQUESTS = `async (count, staggerMs) => {
  const one = async (index) => {
    await new Promise((resolve) => setTimeout(resolve, index * staggerMs));
    const response = await fetch("/api/auth/session");
    const text = await response.text();
    let body = null;
    try { body = JSON.parse(text); } catch {}
    return { status: response.status, email: body?.user?.email, error: body?.error, text };
  };
  return Promise.all(Array.from({ length: count }, (_, index) => one(index)));
}`;
