// Issue 9 item 9: a file that exists but cannot be read is refused by name, never treated as absent. Root
// reads everything, so the CLI runs as an unprivileged user (`nobody`, through setpriv) when the tests run
// as root; without such a user the cases are skipped with the reason printed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fixtureApp, runCli, treeBytes, unprivilegedUser, userIds } from './safety-support';

describe('safety: unreadable files are refused, named', function () {
  this.timeout(120_000);
  const { user, skip } = unprivilegedUser();

  before(function () {
    if (skip) {
      console.log(`      skipped: ${skip}`);
      this.skip();
    }
  });

  /** A copy of the app owned by the user the CLI runs as, with `prepare` applied (chmod …) last. */
  function appFor(prepare: (app: string) => void): string {
    const app = fixtureApp('lib-auth-config');
    if (user) {
      const { uid, gid } = userIds(user)!;
      const own = (p: string): void => {
        fs.chownSync(p, uid, gid);
        if (fs.statSync(p).isDirectory()) for (const entry of fs.readdirSync(p)) own(path.join(p, entry));
      };
      own(app);
    }
    prepare(app);
    return app;
  }

  for (const [label, prepare, named] of [
    ['chmod 000 lib/auth.ts (not "holds no NextAuth options")', (app: string) => fs.chmodSync(path.join(app, 'lib', 'auth.ts'), 0o000), /Cannot read .*lib[/\\]auth\.ts \(EACCES\)/],
    ['chmod 000 .env.local (not exit 70)', (app: string) => {
      fs.writeFileSync(path.join(app, '.env.local'), 'DATABASE_URL=postgres://db/app\n');
      if (user) fs.chownSync(path.join(app, '.env.local'), userIds(user)!.uid, userIds(user)!.gid);
      fs.chmodSync(path.join(app, '.env.local'), 0o000);
    }, /Cannot read .*\.env\.local \(EACCES\)/],
    ['a write-only .env.local holding DATABASE_URL (not "created", contents kept)', (app: string) => {
      fs.writeFileSync(path.join(app, '.env.local'), 'DATABASE_URL=postgres://db/app\n');
      if (user) fs.chownSync(path.join(app, '.env.local'), userIds(user)!.uid, userIds(user)!.gid);
      fs.chmodSync(path.join(app, '.env.local'), 0o200);
    }, /Cannot read .*\.env\.local \(EACCES\)/],
  ] as const) {
    it(`${label}: exit 1, the file named, nothing written`, () => {
      const app = appFor(prepare);
      const before = treeBytes(app);
      for (const mode of ['--yes', '--dry-run']) {
        const result = runCli(['init', app, mode], { user });
        assert.strictEqual(result.status, 1, `${mode}: ${result.stdout}${result.stderr}`);
        assert.match(result.stderr, named);
        assert.doesNotMatch(result.stdout + result.stderr, /internal error|holds no NextAuth options|created \.env\.local/);
        assert.deepStrictEqual(treeBytes(app), before, mode);
      }
    });
  }
});
