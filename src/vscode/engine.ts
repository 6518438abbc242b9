// The only runtime door from the extension into the engine (src/core + ts-morph + TypeScript).
// esbuild.mjs rewrites this import into require('./engine.js'), a separate bundle, so activation never
// pays for TypeScript: the engine loads on the first command or the first document worth analyzing.
// Elsewhere in src/vscode, imports from '../core' must be `import type`.

/** Where loading a lazily loaded module stands: the language status shows it. */
export type LoadState =
  | { readonly kind: 'not-loaded' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded' }
  /** The last attempt threw; the next call tries again. `error` is the first line of what it threw. */
  | { readonly kind: 'failed'; readonly error: string };

/** A loader that says where it stands. Plain Node (no `vscode`), so unit tests can drive it with a fake. */
export interface TrackedLoader<T> {
  load(): Promise<T>;
  readonly state: LoadState;
  /** Calls `listener` on every change of `state`; returns the unsubscribe function. */
  onDidChangeState(listener: (state: LoadState) => void): () => void;
}

/**
 * Wraps `load` so that callers can see it loading, loaded or failed. The first call yields once before
 * loading: requiring the engine blocks this thread, and the "loading" state should reach the window first.
 * A failed load is not remembered as a result: the next call loads again.
 */
export function trackLoad<T>(load: () => Promise<T>): TrackedLoader<T> {
  let state: LoadState = { kind: 'not-loaded' };
  let loading: Promise<T> | undefined;
  const listeners = new Set<(state: LoadState) => void>();
  const setState = (next: LoadState) => {
    state = next;
    for (const listener of [...listeners]) listener(next);
  };
  return {
    get state() {
      return state;
    },
    onDidChangeState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load() {
      if (state.kind === 'loaded') return load();
      loading ??= (async () => {
        setState({ kind: 'loading' });
        try {
          await new Promise<void>((resolve) => setImmediate(resolve));
          const loaded = await load();
          setState({ kind: 'loaded' });
          return loaded;
        } catch (error) {
          setState({ kind: 'failed', error: firstLine(error) });
          throw error;
        } finally {
          loading = undefined;
        }
      })();
      return loading;
    },
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0] || 'unknown error';
}

/** The engine's public surface, loaded on first call and cached by Node's module cache afterwards. */
export const engineLoader: TrackedLoader<typeof import('../core')> = trackLoad(() => import('../core'));

/** The engine, loading it on first call. */
export function loadEngine(): Promise<typeof import('../core')> {
  return engineLoader.load();
}

/** The engine's type, for signatures that take an already loaded engine. */
export type Engine = typeof import('../core');
