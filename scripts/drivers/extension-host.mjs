// Runs the integration suite inside the real Node extension host of a VS Code server (code-server's),
// headless: chromium opens the workbench with a `payload` naming the extension under development and the
// compiled suite; the suite's exit code comes back through window.codeAutomationExit (the hook
// @vscode/test-web uses). The suite's own output arrives through codeAutomationLog.
// env: SERVER_URL, WORKSPACE, EXTENSION_PATH, TESTS_PATH (compiled suite index, no .js), ARTIFACTS, TIMEOUT_MS, CHROMIUM
import { chromium } from 'playwright-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const serverUrl = process.env.SERVER_URL ?? 'http://127.0.0.1:18091';
const workspace = must('WORKSPACE');
const extensionPath = must('EXTENSION_PATH');
const testsPath = must('TESTS_PATH');
const artifacts = process.env.ARTIFACTS ?? path.join(process.cwd(), '.test-artifacts');
const timeoutMs = Number(process.env.TIMEOUT_MS ?? 1200000);
const started = Date.now();
// The workbench logs its own chatter through the same channel as the suite; keep the suite's output readable.
const WORKBENCH_NOISE = /^\s+at |^(Resolving connection|Resolved connection|Creating a socket|\[Service Worker\]|Creation of workbench contribution|Extension host \(Remote\) is|\[remote-connection\]|TreeError|DialogService|ChatSessionStore|Updating additional builtin|getaddrinfo|Aborted onWillSaveTextDocument)/;

function must(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`extension-host driver: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

const authority = new URL(serverUrl).host;
const remote = (p) => `vscode-remote://${authority}${p}`;
const payload = [['extensionDevelopmentPath', remote(extensionPath)], ['extensionTestsPath', remote(testsPath)]];
const url = `${serverUrl}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let code;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const exited = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationLog', (_type, args) => {
      const parts = Array.isArray(args) ? args : [args];
      if (process.env.VERBOSE || !WORKBENCH_NOISE.test(String(parts[0]))) console.log(...parts);
    });
    void page.exposeFunction('codeAutomationExit', (exitCode) => resolve(exitCode));
  });
  if (process.env.VERBOSE) page.on('console', (m) => console.log('[browser]', m.type(), m.text()));
  await page.goto(url);
  let timer;
  code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)))]);
  clearTimeout(timer);
  if (code !== 0) {
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'integration-failure.png') }).catch(() => {});
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`extension host suite exit code: ${code}; wall ${((Date.now() - started) / 1000).toFixed(1)}s`);
process.exit(code === 0 ? 0 : 1);
