// Issue 9 item 2: no write leaves the app through a symbolic link. Real temp trees, real links; the app and
// the outside folder are compared byte for byte before and after.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { realWriteTarget, resolveWriteTargets } from '../../src/core/write-targets';
import { fakeIO } from './cli-support';
import { fixtureApp, tempFolder, treeBytes } from './safety-support';

/** The app and a folder outside it, with a "bashrc" that must never be touched. */
function appWithOutside(): { app: string; outside: string } {
  const app = fixtureApp();
  const outside = tempFolder('nextauth-outside-');
  fs.writeFileSync(path.join(outside, 'bashrc'), 'export PATH="$HOME/bin:$PATH"\n');
  fs.mkdirSync(path.join(outside, 'dir'));
  return { app, outside };
}

async function refusesInit(app: string, outside: string, link: RegExp, extra: string[] = []): Promise<void> {
  const before = { app: treeBytes(app), outside: treeBytes(outside) };
  for (const mode of [['--yes'], ['--dry-run']]) {
    const fake = fakeIO(app);
    assert.strictEqual(await main(['init', ...mode, ...extra], fake.io), 1, fake.text());
    assert.match(fake.err.join('\n'), /Refusing to write outside the app folder; nothing was written/);
    assert.match(fake.err.join('\n'), link);
    assert.deepStrictEqual(treeBytes(app), before.app, `${mode}: the app changed`);
    assert.deepStrictEqual(treeBytes(outside), before.outside, `${mode}: the outside folder changed`);
  }
}

describe('safety: symbolic links never carry a write out of the app', () => {
  it('.env.local linked to an outside "bashrc": refused (CLI and dry run), the link named, nothing written anywhere', async () => {
    const { app, outside } = appWithOutside();
    fs.symlinkSync(path.join(outside, 'bashrc'), path.join(app, '.env.local'));
    await refusesInit(app, outside, /\.env\.local is a symbolic link to .*bashrc, outside/);
  });

  it('src/app linked to an outside folder: refused', async () => {
    const { app, outside } = appWithOutside();
    fs.cpSync(path.join(app, 'src', 'app'), path.join(outside, 'dir', 'app'), { recursive: true });
    fs.rmSync(path.join(app, 'src', 'app'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'dir', 'app'), path.join(app, 'src', 'app'));
    await refusesInit(app, outside, /src[/\\]app is a symbolic link to .*dir[/\\]app, outside/);
  });

  it('src/lib/auth.ts linked to an outside file holding the options: refused', async () => {
    const { app, outside } = appWithOutside();
    fs.writeFileSync(path.join(outside, 'auth.ts'), 'import type { NextAuthOptions } from "next-auth";\nexport const authOptions: NextAuthOptions = { providers: [] };\n');
    fs.mkdirSync(path.join(app, 'src', 'lib'));
    fs.symlinkSync(path.join(outside, 'auth.ts'), path.join(app, 'src', 'lib', 'auth.ts'));
    await refusesInit(app, outside, /auth\.ts is a symbolic link to .*auth\.ts, outside/);
  });

  it('a dangling link (to a file that does not exist outside) is refused, and nothing is created there', async () => {
    const { app, outside } = appWithOutside();
    fs.symlinkSync(path.join(outside, 'nowhere', 'created-by-us'), path.join(app, '.env.local'));
    await refusesInit(app, outside, /\.env\.local is a symbolic link to .*created-by-us, outside .*\(it does not exist\)/);
  });

  it('a link that stays inside the app is followed: the real file is updated and the link kept', async () => {
    const app = fixtureApp();
    fs.writeFileSync(path.join(app, 'env.shared'), 'DATABASE_URL=postgres://localhost/app\n');
    fs.symlinkSync('env.shared', path.join(app, '.env.local'));
    const fake = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 0, fake.text());
    assert.strictEqual(fs.readlinkSync(path.join(app, '.env.local')), 'env.shared');
    const env = fs.readFileSync(path.join(app, 'env.shared'), 'utf8');
    assert.ok(env.startsWith('DATABASE_URL=postgres://localhost/app\n'));
    assert.match(env, /^NEXTAUTH_SECRET=.+$/m);
  });

  it('an app reached through a linked folder (the root itself is a link) is fine', async () => {
    const app = fixtureApp();
    const holder = tempFolder();
    fs.symlinkSync(app, path.join(holder, 'app-link'));
    assert.deepStrictEqual(realWriteTarget(path.join(holder, 'app-link'), path.join(holder, 'app-link', 'lib', 'auth.ts')), { real: path.join(app, 'lib', 'auth.ts') });
  });

  it('resolveWriteTargets: paths outside the root lexically, and links out at any depth, are refused together', () => {
    const { app, outside } = appWithOutside();
    fs.symlinkSync(path.join(outside, 'dir'), path.join(app, 'linked'));
    assert.throws(() => resolveWriteTargets(app, [path.join(app, 'ok.ts'), path.join(app, 'linked', 'a', 'b.ts'), path.join(outside, 'x.ts')]), (error: Error) => {
      assert.match(error.message, /linked is a symbolic link to .*dir, outside/);
      assert.match(error.message, /x\.ts is outside/);
      return true;
    });
    assert.deepStrictEqual([...resolveWriteTargets(app, [path.join(app, 'new', 'file.ts')]).values()], [path.join(app, 'new', 'file.ts')]);
  });
});
