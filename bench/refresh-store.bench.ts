// Added latency of a token rotation coordinated through Redis (the generated refresh-store module,
// `--refresh-store redis`) against the in-process store, measured in the same run: the same rotations
// (a refresh that answers at once, so only the coordination is timed) through each store, against a
// redis-server on a loopback port started here and stopped after. Needs Debian's redis-server (the test
// set-up installs it); without it, says so and measures nothing.
import * as fs from 'fs';
import { freePort } from '../test/app/support/next-app';
import { RedisServer } from '../test/app/support/redis-server';
import { inProcessStore, loadRefreshStoreModule, type Outcome, type Store } from '../test/support/refresh-store-module';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function run(): Promise<void> {
  const binary = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
  if (!fs.existsSync(binary)) {
    console.log(`not measured: no redis-server at ${binary} (apt-get install redis-server, or REDIS_SERVER=/path)`);
    return;
  }
  const server = new RedisServer(await freePort());
  await server.start();
  const saved = { REDIS_URL: process.env.REDIS_URL, AUTH_SECRET: process.env.AUTH_SECRET };
  process.env.REDIS_URL = server.url;
  process.env.AUTH_SECRET = 'bench-secret-bench-secret-bench-secret';
  try {
    const { redisRefreshStore } = loadRefreshStoreModule();
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
    await server.stop();
  }
}
