// Issue 9 item 3: the secret never goes into a git-tracked .env.local, and an empty secret counts as missing.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { fakeIO } from './cli-support';
import { fixtureApp, treeBytes } from './safety-support';

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
}

describe('safety: secrets stay out of git', () => {
  it('a tracked .env.local gets no secret: the piece is refused with how to fix it and a printed secret; the file keeps its bytes', async () => {
    const app = fixtureApp();
    fs.writeFileSync(path.join(app, '.env.local'), 'DATABASE_URL=postgres://db/app\n');
    git(app, 'init', '-q');
    git(app, 'add', '-A', '-f');
    git(app, 'commit', '-q', '-m', 'init');
    const envBefore = fs.readFileSync(path.join(app, '.env.local'));
    const fake = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 0, fake.text());
    assert.ok(fs.readFileSync(path.join(app, '.env.local')).equals(envBefore), '.env.local changed');
    assert.match(fake.err.join('\n'), /warning: .*\.env\.local: \.env\.local is tracked by git, so no secret was written into it.*git rm --cached \.env\.local.*NEXTAUTH_SECRET=[A-Za-z0-9+/]{43}=/);
    // Once untracked, the next run writes it.
    git(app, 'rm', '-q', '--cached', '.env.local');
    const again = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], again.io), 0, again.text());
    assert.match(fs.readFileSync(path.join(app, '.env.local'), 'utf8'), /^NEXTAUTH_SECRET=.{44}$/m);
  });

  it('an untracked .env.local in a git repository is written as usual', async () => {
    const app = fixtureApp();
    git(app, 'init', '-q');
    fs.writeFileSync(path.join(app, '.env.local'), 'DATABASE_URL=x\n');
    const fake = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 0, fake.text());
    assert.match(fs.readFileSync(path.join(app, '.env.local'), 'utf8'), /^DATABASE_URL=x\n[\s\S]*^NEXTAUTH_SECRET=.{44}$/m);
  });

  for (const [major, key, fixture] of [[4, 'NEXTAUTH_SECRET', 'app-router-src'], [5, 'AUTH_SECRET', 'v5-fresh-src']] as const) {
    it(`v${major}: an empty ${key}= is filled on its own line, not duplicated; a second run changes nothing`, async () => {
      const app = fixtureApp(fixture);
      fs.writeFileSync(path.join(app, '.env.local'), `# mine\n${key}=\nOTHER=1\n`);
      const fake = fakeIO(app);
      assert.strictEqual(await main(['init', '--yes'], fake.io), 0, fake.text());
      const env = fs.readFileSync(path.join(app, '.env.local'), 'utf8');
      assert.match(env, new RegExp(`^# mine\\n${key}=[A-Za-z0-9+/]{43}=\\nOTHER=1\\n`));
      assert.strictEqual(env.split(`${key}=`).length, 2, `${key} appears twice:\n${env}`);
      const after = treeBytes(app);
      assert.strictEqual(await main(['init', '--yes'], fakeIO(app).io), 0);
      assert.deepStrictEqual(treeBytes(app), after);
    });
  }
});
