import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

// Issue 14: the generated Redis refresh store, run against a real redis-server (Debian's, from the one
// package list): two instances share one refresh, Redis holds neither token in clear text and no key made
// from a token, another secret cannot read the outcome, and with Redis stopped an instance refreshes on its
// own after one log line. In a child process (test/support/refresh-store-scenarios.ts): about 2 s.
describe('refresh store: the generated Redis module against redis-server', function () {
  this.timeout(60_000);

  it('one refresh for two instances, sealed outcome, another secret reads nothing, Redis down falls back with one log line', () => {
    const script = path.resolve(__dirname, '..', 'support', 'refresh-store-scenarios.ts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 50_000 });
    assert.strictEqual(run.status, 0, `${run.stderr}\n${run.stdout}`);
    const seen = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      refreshes: number;
      outcomes: unknown[];
      keys: string[];
      values: string[];
      ttl: number;
      otherSecret: { kind: string };
      refreshedWithOtherSecret: number;
      afterStop: Array<{ kind: string }>;
      refreshesAfterStop: number;
      logsWhileUp: string[];
      logsAfterStop: string[];
    };
    const rotated = { kind: 'rotated', tokens: { accessToken: 'at-new-access-token-abcdef', refreshToken: 'rt-new-refresh-token-abcdef' } };
    assert.strictEqual(seen.refreshes, 1, 'ten requests on two instances, one refresh');
    assert.deepStrictEqual(seen.outcomes, Array(10).fill(rotated), 'every request got the same new tokens');
    assert.deepStrictEqual(seen.keys, [`nextauth-scaffold:refresh:${'f'.repeat(64)}`], 'only the outcome is left (the lock is released), keyed by the hash');
    for (const value of seen.values) {
      for (const secret of ['at-new-access-token', 'rt-new-refresh-token', 'rotated']) assert.ok(!value.includes(secret), `Redis holds ${secret} in clear: ${value}`);
    }
    assert.ok(seen.ttl > 55_000 && seen.ttl <= 60_000, `kept for the rotation grace window (PTTL ${seen.ttl})`);
    assert.deepStrictEqual(seen.otherSecret, { kind: 'failed' }, 'sealed with another secret: unreadable, the token is kept');
    assert.strictEqual(seen.refreshedWithOtherSecret, 0, 'and the refresh token is not sent again');
    assert.deepStrictEqual(seen.logsWhileUp, []);
    assert.deepStrictEqual(seen.afterStop, [rotated, rotated], 'with Redis stopped, refreshes still happen');
    assert.strictEqual(seen.refreshesAfterStop, 2);
    assert.strictEqual(seen.logsAfterStop.length, 1, seen.logsAfterStop.join('\n'));
    assert.match(seen.logsAfterStop[0], /^\[auth\] Redis refresh store unavailable \([^)]+\): token refreshes are coordinated in this server process only$/);
  });
});
