import * as assert from 'assert';
import * as ts from 'typescript';

// Runs generated code (a scaffolded auth module, an expanded snippet) in-process against a fake backend:
// the code is transpiled to CommonJS and called with stand-ins for what it reaches outside itself
// (fetch, console, process.env, timers, the clock, globalThis, next-auth's modules), so tests can
// count backend calls, move time forward and load "another bundle" of the same module.

/** What a fake backend answers; a thrown Error stands for a network failure. */
export type BackendAnswer = { status: number; json?: unknown; headers?: Record<string, string> } | Error;
export type Backend = (url: string, body: Record<string, unknown>) => BackendAnswer | Promise<BackendAnswer>;

/** One fetch the module made. */
export interface BackendCall {
  readonly url: string;
  readonly body: Record<string, unknown>;
  readonly init: { readonly redirect?: string; readonly signal?: AbortSignal; readonly method?: string };
}

/** The world a module runs in; share one between loads to model bundles of one server process. */
export interface Harness {
  readonly calls: BackendCall[];
  readonly logs: unknown[][];
  backend: Backend;
  readonly env: Record<string, string | undefined>;
  /** The module's `globalThis`: the same object for every module loaded with this harness. */
  readonly global: Record<string | symbol, unknown>;
  /** Milliseconds added to the real clock (Date.now()) as the module sees it. */
  clockOffset: number;
  /** Timers the module set, in order; `fire()` runs one as if its delay had passed. */
  readonly timers: { readonly delay: number; readonly fire: () => void; cleared: boolean }[];
}

/** Stand-in for next-auth 5's CredentialsSignin: an Error with a `code`. */
export class FakeCredentialsSignin extends Error {
  code = 'credentials';
}

export function newHarness(env: Record<string, string | undefined> = { API_BASE_URL: 'https://api.test' }): Harness {
  return { calls: [], logs: [], backend: () => ({ status: 500 }), env, global: {}, clockOffset: 0, timers: [] };
}

/**
 * Transpiles `text` (TypeScript or JavaScript, by `fileName`) to CommonJS and runs it in `harness`.
 * `modules` answer its imports (next-auth's are faked by default). Returns its exports.
 */
export function loadModule(text: string, fileName: string, harness: Harness, modules: Record<string, unknown> = {}): Record<string, unknown> {
  const { outputText } = ts.transpileModule(text, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, jsx: ts.JsxEmit.ReactJSX },
  });
  const identity = (options: unknown) => options;
  const known: Record<string, unknown> = {
    'next-auth/providers/credentials': { __esModule: true, default: identity },
    'next-auth': {
      __esModule: true,
      CredentialsSignin: FakeCredentialsSignin,
      default: () => ({ handlers: {}, auth: async () => null, signIn: async () => undefined, signOut: async () => undefined }),
    },
    ...modules,
  };
  const requireStub = (name: string) => {
    if (!(name in known)) throw new Error(`the module imports unexpected module ${name}`);
    return known[name];
  };
  const fetchStub = async (url: string, init: { body: string; signal?: AbortSignal; method?: string; redirect?: string }) => {
    const body = JSON.parse(init.body) as Record<string, unknown>;
    harness.calls.push({ url, body, init });
    assert.strictEqual(init.method, 'POST');
    // Let concurrent callers start before the answer arrives, as over a network.
    await new Promise((resolve) => setImmediate(resolve));
    const aborted = () => new DOMException('This operation was aborted', 'AbortError');
    if (init.signal?.aborted) throw aborted();
    // A backend that never answers is cut off by the module's own timer (see Harness.timers).
    const onAbort = new Promise<never>((_, reject) => init.signal?.addEventListener('abort', () => reject(aborted())));
    const answer = await Promise.race([harness.backend(url, body), onAbort]);
    if (answer instanceof Error) throw answer;
    const hasBody = answer.status !== 204 && !(answer.status >= 300 && answer.status < 400);
    return new Response(hasBody ? JSON.stringify(answer.json ?? {}) : null, { status: answer.status, headers: { 'Content-Type': 'application/json', ...answer.headers } });
  };
  const log = (...args: unknown[]) => harness.logs.push(args);
  const fakeConsole = { error: log, warn: log, log, info: log };
  const RealDate = Date;
  // The clock the module sees: real time plus the harness's offset.
  const FakeDate = new Proxy(RealDate, { get: (target, key) => (key === 'now' ? () => RealDate.now() + harness.clockOffset : Reflect.get(target, key)) });
  const setTimeoutStub = (callback: () => void, delay = 0) => {
    const timer = { delay, fire: () => callback(), cleared: false };
    harness.timers.push(timer);
    return timer;
  };
  const clearTimeoutStub = (timer: { cleared: boolean } | undefined) => {
    if (timer) timer.cleared = true;
  };
  Object.assign(harness.global, { crypto: globalThis.crypto });
  const exports: Record<string, unknown> = {};
  const run = new Function('exports', 'require', 'fetch', 'console', 'process', 'setTimeout', 'clearTimeout', 'Date', 'globalThis', 'crypto', outputText);
  run(exports, requireStub, fetchStub, fakeConsole, { env: harness.env }, setTimeoutStub, clearTimeoutStub, FakeDate, harness.global, globalThis.crypto);
  return exports;
}

/** The log lines a harness collected, as one string, for "never logs a secret" checks. */
export function loggedText(harness: Harness): string {
  return JSON.stringify(harness.logs.map((args) => args.map((a) => (a instanceof Error ? a.message : a))));
}
