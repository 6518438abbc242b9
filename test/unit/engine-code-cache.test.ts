// Issue 12 (cold start): the CLI compiles the engine bundle with V8 code cache data on Node < 22.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { codeCacheFolder, loadWithCodeCache } from '../../src/cli/engine-code-cache';

const MODULE = path.resolve(__dirname, '..', '..', 'src', 'cli', 'engine-code-cache.ts');
/** The module compiled to plain JavaScript once, so each fresh process starts in milliseconds. */
let compiled: string;

/**
 * loadWithCodeCache in a fresh Node process, as a CLI run is: within one process V8 answers a second
 * compile of the same source from its own in-memory cache and never looks at the data on disk.
 */
function loadInProcess(file: string, folder: string | undefined, write = false): { usedCache: boolean; writeCacheAtExit: boolean; value: unknown } {
  const script = `const { loadWithCodeCache } = require(${JSON.stringify(compiled)});
const loaded = loadWithCodeCache(${JSON.stringify(file)}, ${folder === undefined ? 'undefined' : JSON.stringify(folder)});
if (${write}) loaded.writeCache();
process.stdout.write(JSON.stringify({ usedCache: loaded.usedCache, writeCacheAtExit: loaded.writeCacheAtExit, value: loaded.exports.value }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { usedCache: boolean; writeCacheAtExit: boolean; value: unknown };
}

describe('engine code cache (CLI cold start)', () => {
  before(() => {
    compiled = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-code-cache-loader-')), 'engine-code-cache.js');
    esbuild.buildSync({ entryPoints: [MODULE], outfile: compiled, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
  });

  after(() => fs.rmSync(path.dirname(compiled), { recursive: true, force: true }));

  let base: string;
  let file: string;

  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-code-cache-'));
    file = path.join(base, 'engine.js');
    fs.writeFileSync(file, "exports.value = 41 + 1;\nexports.name = require('path').basename(__filename);\nexports.self = module;\n");
  });

  afterEach(() => {
    delete require.cache[file];
    fs.rmSync(base, { recursive: true, force: true });
  });

  const cacheFiles = (folder: string) => fs.readdirSync(folder).filter((name) => name.endsWith('.v8cache'));

  it('loads the module into the module cache, writes the cache, and the next process takes it', () => {
    const folder = codeCacheFolder(base)!;
    assert.ok(folder && fs.statSync(folder).isDirectory());
    const here = loadWithCodeCache(file, folder);
    const exports = here.exports as { value: number; name: string; self: { filename: string; loaded: boolean } };
    assert.deepStrictEqual([exports.value, exports.name, exports.self.filename, exports.self.loaded], [42, 'engine.js', file, true]);
    assert.strictEqual(require(file), here.exports, 'a later require() gets the same module');

    assert.deepStrictEqual(loadInProcess(file, folder, true), { usedCache: false, writeCacheAtExit: true, value: 42 });
    assert.strictEqual(cacheFiles(folder).length, 1);
    assert.deepStrictEqual(loadInProcess(file, folder), { usedCache: true, writeCacheAtExit: false, value: 42 });
  });

  it('compiles anew when the cache is damaged or the file was rebuilt, and drops the stale cache', () => {
    const folder = codeCacheFolder(base)!;
    loadInProcess(file, folder, true);
    const [written] = cacheFiles(folder);
    fs.writeFileSync(path.join(folder, written), 'not V8 code cache data');
    assert.deepStrictEqual(loadInProcess(file, folder), { usedCache: false, writeCacheAtExit: true, value: 42 });

    fs.writeFileSync(file, 'exports.value = 7;\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.deepStrictEqual(loadInProcess(file, folder, true), { usedCache: false, writeCacheAtExit: true, value: 7 });
    assert.strictEqual(cacheFiles(folder).length, 1, 'the cache of the earlier build is removed');
    assert.notStrictEqual(cacheFiles(folder)[0], written);
  });

  it('uses no cache folder that others can write', () => {
    const folder = codeCacheFolder(base)!;
    fs.chmodSync(folder, 0o777);
    assert.strictEqual(codeCacheFolder(base), undefined);
    fs.rmSync(folder, { recursive: true });
    fs.writeFileSync(folder, 'a file, not a folder');
    assert.strictEqual(codeCacheFolder(base), undefined);
    assert.deepStrictEqual(loadInProcess(file, undefined), { usedCache: false, writeCacheAtExit: false, value: 42 });
  });
});
