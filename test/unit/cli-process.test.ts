// The built CLI as a process: its start-up (the engine's code cache) and a reader that stops early.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

describe('nextauth-scaffold as a process (dist/cli.js)', () => {
  let work: string;

  before(() => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run "npm run build" first (npm test does)');
  });

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-cli-process-'));
  });

  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it('keeps the engine code cache in its own folder under TMPDIR, and reuses it', function () {
    // Node >= 22 uses its own compile cache instead, in a folder Node chooses: nothing of ours to check.
    if (typeof (require('module') as { enableCompileCache?: unknown }).enableCompileCache === 'function') this.skip();
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: work };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const run = () => spawnSync(process.execPath, [cli, '--version'], { env, encoding: 'utf8' });
    assert.strictEqual(run().status, 0);
    const folders = fs.readdirSync(work).filter((name) => name.startsWith('nextauth-scaffold-code-cache'));
    assert.strictEqual(folders.length, 1, fs.readdirSync(work).join(', '));
    const folder = path.join(work, folders[0]);
    const [cache] = fs.readdirSync(folder);
    assert.match(cache, /^engine-.*\.v8cache$/);
    const written = fs.statSync(path.join(folder, cache)).mtimeMs;
    assert.strictEqual(run().status, 0);
    assert.deepStrictEqual(fs.readdirSync(folder), [cache]);
    assert.strictEqual(fs.statSync(path.join(folder, cache)).mtimeMs, written, 'a run that used the cache does not rewrite it');
  });

  it('finishes and exits 0 without a stack trace when the reader closes the pipe early (| head)', async () => {
    const app = path.join(work, 'app');
    fs.cpSync(path.join(root, 'example'), app, { recursive: true });
    const child = spawn(process.execPath, [cli, 'init', app, '--yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.strictEqual(code, 0, stderr);
    assert.ok(!/EPIPE|internal error/.test(stderr), stderr);
    assert.ok(fs.existsSync(path.join(app, 'lib', 'auth.ts')), 'the files are written all the same');
  });
});
