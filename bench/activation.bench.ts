// What activating the extension costs: bundle sizes, which modules activation loads (with a stand-in
// `vscode` module), activation time against requiring an empty module in the same run, and what it
// would cost if activation loaded the engine. Also prints the activation measured inside a real VS Code
// by the integration suite, when that ran.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Module from 'module';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const extensionMain = path.join(dist, 'extension.js');
const engineMain = path.join(dist, 'engine.js');

/** A stand-in for the `vscode` module: every member exists, calls return stand-ins, iteration is empty. */
function fakeVscode(): unknown {
  const handler: ProxyHandler<() => void> = {
    get: (_target, key) => {
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => 0;
      return stub;
    },
    apply: () => stub,
    construct: () => stub as object,
  };
  const stub: unknown = new Proxy(function () {}, handler);
  // Bundles copy the module's own properties (esbuild's __toESM), so the namespaces must be real keys.
  const namespaces = ['window', 'workspace', 'languages', 'commands', 'extensions', 'env', 'Uri', 'Range', 'Position', 'Selection', 'Location',
    'Diagnostic', 'DiagnosticSeverity', 'DiagnosticRelatedInformation', 'CodeAction', 'CodeActionKind', 'WorkspaceEdit', 'ConfigurationTarget',
    'Disposable', 'EventEmitter', 'ThemeIcon', 'ProgressLocation', 'StatusBarAlignment', 'version'];
  return Object.fromEntries(namespaces.map((name) => [name, stub]));
}

/** Routes `require('vscode')` to the stand-in for the duration of `body`. */
function withFakeVscode<T>(body: () => T): T {
  const fakePath = path.join(os.tmpdir(), 'nextauth-bench-fake-vscode.js');
  const moduleApi = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const original = moduleApi._resolveFilename;
  const fake = new Module(fakePath);
  fake.exports = fakeVscode();
  fake.loaded = true;
  require.cache[fakePath] = fake;
  moduleApi._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
  };
  try {
    return body();
  } finally {
    moduleApi._resolveFilename = original;
    delete require.cache[fakePath];
  }
}

function fakeContext(): { subscriptions: Array<{ dispose(): unknown }> } {
  return { subscriptions: [] };
}

/** Fresh require + activate() of the built extension; returns the modules it added to the cache. */
function activateOnce(): { ms: number; loaded: string[]; subscriptions: number } {
  return withFakeVscode(() => {
    delete require.cache[extensionMain];
    const before = new Set(Object.keys(require.cache));
    const context = fakeContext();
    const started = performance.now();
    const extension = require(extensionMain) as { activate(context: unknown): unknown };
    extension.activate(context);
    const ms = performance.now() - started;
    const loaded = Object.keys(require.cache).filter((file) => !before.has(file));
    for (const disposable of context.subscriptions) disposable.dispose();
    return { ms, loaded, subscriptions: context.subscriptions.length };
  });
}

/** Median of `runs` timings of `body`. */
function median(runs: number, body: () => number): number {
  const times = Array.from({ length: runs }, body).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function run(): Promise<void> {
  if (!fs.existsSync(extensionMain) || !fs.existsSync(engineMain)) throw new Error('dist/ is missing: run `npm run build` first');
  const kib = (file: string) => fs.statSync(file).size / 1024;
  console.log(`bundle: dist/extension.js ${kib(extensionMain).toFixed(1)} KiB, dist/engine.js ${kib(engineMain).toFixed(1)} KiB (${(kib(engineMain) / kib(extensionMain)).toFixed(0)}x; loaded on first need only)`);

  const first = activateOnce();
  const heavy = first.loaded.filter((file) => /engine\.js$|[\\/](typescript|ts-morph|@ts-morph)[\\/]/.test(file));
  assert.deepStrictEqual(heavy, [], 'activation must not load the engine');
  console.log(`activation loads: ${first.loaded.map((file) => path.relative(root, file)).join(', ')} (+ the vscode module); ${first.subscriptions} disposables registered; engine not loaded`);

  const empty = path.join(os.tmpdir(), 'nextauth-bench-empty-module.js');
  fs.writeFileSync(empty, 'module.exports = {};\n');
  const baseline = median(51, () => {
    delete require.cache[empty];
    const started = performance.now();
    require(empty);
    return performance.now() - started;
  });
  const activation = median(51, () => activateOnce().ms);
  console.log(`activation (require + activate, stand-in vscode): ${activation.toFixed(3)} ms median = ${(activation / baseline).toFixed(1)}x requiring an empty module (${baseline.toFixed(3)} ms)`);

  const engine = median(3, () => {
    delete require.cache[engineMain];
    const started = performance.now();
    require(engineMain);
    return performance.now() - started;
  });
  console.log(`engine load (deferred to first use): ${engine.toFixed(1)} ms = ${(engine / activation).toFixed(0)}x the activation it is kept out of`);

  const measured = path.join(root, '.test-artifacts', 'activation.json');
  if (fs.existsSync(measured)) {
    const m = JSON.parse(fs.readFileSync(measured, 'utf8')) as { vscodeVersion: string; activateMs: number; requireMs: number; measuredAt: string };
    console.log(`in VS Code ${m.vscodeVersion} (integration suite, ${m.measuredAt}): activate() ${m.activateMs.toFixed(2)} ms, require(dist/extension.js) ${m.requireMs.toFixed(2)} ms, engine not loaded`);
  } else {
    console.log('in VS Code: no measurement yet (run `npm run test:vscode`)');
  }
}
