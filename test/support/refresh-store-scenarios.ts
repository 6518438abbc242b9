// Runs the generated Redis refresh store (templates/shared/refresh-store.ts) against a real redis-server
// and prints what happened as one JSON line; test/unit/refresh-store-runtime.test.ts asserts it. A child
// process, so the clients' reconnect timers (after redis-server stops) end with it.
import { createClient } from 'redis';
import { freePort } from '../app/support/next-app';
import { RedisServer } from '../app/support/redis-server';
import { inProcessStore, loadRefreshStoreModule, type Outcome } from './refresh-store-module';

const REMEMBER = { rotated: 60_000, refused: 600_000, failed: 10_000 };
const NEW_TOKENS = { accessToken: 'at-new-access-token-abcdef', refreshToken: 'rt-new-refresh-token-abcdef' };
// What refreshAccessToken() passes as the key: the SHA-256 of the refresh token, hex.
const KEY = 'f'.repeat(64);

async function main(): Promise<void> {
  const server = new RedisServer(await freePort());
  await server.start();
  process.env.REDIS_URL = server.url;
  process.env.AUTH_SECRET = 'secret-one-secret-one-secret-one';
  const logs: string[] = [];
  console.error = (...args: unknown[]) => void logs.push(args.map(String).join(' '));
  const { redisRefreshStore } = loadRefreshStoreModule();
  const [a, b] = [redisRefreshStore(inProcessStore(), REMEMBER), redisRefreshStore(inProcessStore(), REMEMBER)];
  let refreshes = 0;
  const refresh = async (): Promise<Outcome> => {
    refreshes++;
    await new Promise((resolve) => setTimeout(resolve, 150));
    return { kind: 'rotated', tokens: NEW_TOKENS };
  };
  // Two instances, five concurrent requests each, the same refresh token.
  const outcomes = await Promise.all([...Array.from({ length: 5 }, () => a.run(KEY, refresh)), ...Array.from({ length: 5 }, () => b.run(KEY, refresh))]);

  // What Redis holds.
  const reader = createClient({ url: server.url });
  await reader.connect();
  const keys = await reader.keys('*');
  const values = await Promise.all(keys.map(async (k) => (await reader.type(k)) === 'string' ? ((await reader.get(k)) ?? '') : ''));
  const ttl = await reader.pTTL(`nextauth-scaffold:refresh:${KEY}`);
  await reader.quit();

  // A third instance with another secret cannot read the outcome: it keeps the token (failed) and does not refresh.
  process.env.AUTH_SECRET = 'secret-two-secret-two-secret-two';
  const c = redisRefreshStore(inProcessStore(), REMEMBER);
  const before = refreshes;
  const otherSecret = await c.run(KEY, refresh);
  const refreshedWithOtherSecret = refreshes - before;
  process.env.AUTH_SECRET = 'secret-one-secret-one-secret-one';

  // Redis stops: an instance refreshes on its own, and says so once.
  await server.stop();
  const logsBefore = logs.length;
  const afterStop: Outcome[] = [];
  for (const key of ['1'.repeat(64), '2'.repeat(64)]) afterStop.push(await a.run(key, refresh));
  console.log(
    JSON.stringify({
      refreshes: before,
      outcomes,
      keys,
      values,
      ttl,
      otherSecret,
      refreshedWithOtherSecret,
      afterStop,
      refreshesAfterStop: refreshes - before - refreshedWithOtherSecret,
      logsWhileUp: logs.slice(0, logsBefore),
      logsAfterStop: logs.slice(logsBefore),
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    process.exit(1);
  },
);
