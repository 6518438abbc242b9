// Added latency of a token rotation coordinated through Redis (the generated refresh-store module,
// `--refresh-store redis`) against the in-process store, measured in the same run: the same rotations
// (a refresh that answers at once, so only the coordination is timed) through each store, against a
// redis-server on a loopback port started here and stopped after. Needs Debian's redis-server (the test
// set-up installs it); without it, says so and measures nothing.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as ts from 'typescript';
import { loadTemplate } from '../src/core/scaffold/templates';

const root = path.resolve(__dirname, '..');
type Outcome = { kind: 'rotated'; tokens: { accessToken: string } } | { kind: 'refused' } | { kind: 'failed' };
interface Store {
  run(key: string, refresh: () => Promise<Outcome>): Promise<Outcome>;
}
type StoreModule = { redisRefreshStore(local: Store, rememberFor: Record<Outcome['kind'], number>): Store };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The generated module, transpiled to CommonJS where it resolves this repo's redis package. */
function loadStoreModule(): StoreModule {
  const dir = path.join(root, 'node_modules', '.cache', 'nextauth-bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'refresh-store.cjs');
  const output = ts.transpileModule(loadTemplate('shared/refresh-store.ts'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  fs.writeFileSync(file, output);
  return require(file) as StoreModule;
}

/** In-process single flight, as the generated auth options have it (without the memory, which the runs never hit). */
function inProcessStore(): Store {
  const inFlight = new Map<string, Promise<Outcome>>();
  return {
    run(key, refresh) {
      const known = inFlight.get(key);
      if (known) return known;
      const outcome = refresh();
      inFlight.set(key, outcome);
      return outcome;
    },
  };
}

export async function run(): Promise<void> {
  const binary = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
  if (!fs.existsSync(binary)) {
    console.log(`not measured: no redis-server at ${binary} (apt-get install redis-server, or REDIS_SERVER=/path)`);
    return;
  }
  const port = await freePort();
  const server = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (/Ready to accept connections/.test(log)) resolve();
    });
    server.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${log}`)));
  });
  const saved = { REDIS_URL: process.env.REDIS_URL, AUTH_SECRET: process.env.AUTH_SECRET };
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  process.env.AUTH_SECRET = 'bench-secret-bench-secret-bench-secret';
  try {
    const { redisRefreshStore } = loadStoreModule();
    const memory = inProcessStore();
    const redis = redisRefreshStore(inProcessStore(), { rotated: 60_000, refused: 600_000, failed: 10_000 });
    const refresh = async (): Promise<Outcome> => ({ kind: 'rotated', tokens: { accessToken: 'a'.repeat(40) } });
    let n = 0;
    const rotation = async (store: Store): Promise<number> => {
      const key = `${(n++).toString(16).padStart(64, '0')}`;
      const start = process.hrtime.bigint();
      const outcome = await store.run(key, refresh);
      if (outcome.kind !== 'rotated') throw new Error(`a rotation through the store ended ${outcome.kind}`);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    await rotation(redis); // connects and derives the key once, as the first refresh of a process does
    const runs = 200;
    const inProcess: number[] = [];
    const shared: number[] = [];
    // Interleaved, so load on the machine hits both alike.
    for (let i = 0; i < runs; i++) {
      inProcess.push(await rotation(memory));
      shared.push(await rotation(redis));
    }
    const base = median(inProcess);
    const through = median(shared);
    console.log(`rotation, in-process store (baseline): median ${base.toFixed(3)} ms over ${runs}`);
    console.log(`rotation through Redis (lock, publish, encrypt): median ${through.toFixed(3)} ms over ${runs}: ${(through / base).toFixed(1)}x the baseline, +${(through - base).toFixed(2)} ms per rotation (once per refresh token, not per request)`);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}
