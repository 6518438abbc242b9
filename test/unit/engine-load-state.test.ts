// The engine loader's state, which the language status shows ("engine loading…", "engine failed to load").
import * as assert from 'assert';
import { trackLoad, type LoadState } from '../../src/vscode/engine';

/** A load the test finishes by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('trackLoad (the engine loader behind the language status)', () => {
  it('is not loaded until asked, loading while the load runs, loaded after; one load for concurrent callers', async () => {
    const pending = deferred<string>();
    let calls = 0;
    const loader = trackLoad(() => {
      calls++;
      return pending.promise;
    });
    const seen: LoadState[] = [];
    loader.onDidChangeState((state) => seen.push(state));
    assert.deepStrictEqual(loader.state, { kind: 'not-loaded' });
    const first = loader.load();
    const second = loader.load();
    assert.deepStrictEqual(loader.state, { kind: 'loading' }, 'loading is visible before the load starts');
    pending.resolve('engine');
    assert.deepStrictEqual(await Promise.all([first, second]), ['engine', 'engine']);
    assert.strictEqual(calls, 1);
    assert.deepStrictEqual(seen, [{ kind: 'loading' }, { kind: 'loaded' }]);
    assert.strictEqual(await loader.load(), 'engine');
    assert.deepStrictEqual(seen, [{ kind: 'loading' }, { kind: 'loaded' }], 'a loaded engine does not go back to loading');
  });

  it('says a failed load failed, with the first line of the error, and loads again on the next call', async () => {
    let attempt = 0;
    const loader = trackLoad(() => {
      attempt++;
      return attempt === 1 ? Promise.reject(new Error("Cannot find module './engine.js'\nRequire stack: …")) : Promise.resolve(42);
    });
    await assert.rejects(loader.load(), /Cannot find module/);
    assert.deepStrictEqual(loader.state, { kind: 'failed', error: "Cannot find module './engine.js'" });
    assert.strictEqual(await loader.load(), 42);
    assert.deepStrictEqual(loader.state, { kind: 'loaded' });
  });

  it('stops telling a listener that unsubscribed', async () => {
    const loader = trackLoad(() => Promise.resolve(1));
    const seen: string[] = [];
    const unsubscribe = loader.onDidChangeState((state) => seen.push(state.kind));
    unsubscribe();
    await loader.load();
    assert.deepStrictEqual(seen, []);
  });
});
