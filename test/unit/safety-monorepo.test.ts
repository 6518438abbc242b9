// Issue 9 item 11: a monorepo's workspace root is not taken for an app because `next` is in its
// devDependencies: init refuses and lists the apps (or uses the only one), and never writes at the root.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { findNextApps } from '../../src/core/detect';
import { NodeFileSystem } from '../../src/core/file-system';
import { fakeIO, FIXTURE_APPS } from './cli-support';
import { tempFolder, treeBytes } from './safety-support';

function monorepo(marker: Record<string, string>, apps: string[]): string {
  const root = tempFolder('nextauth-monorepo-');
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'mono', private: true, devDependencies: { next: '15.1.0', typescript: '5.6.0' }, ...JSON.parse(marker['package.json'] ?? '{}') }));
  for (const [file, text] of Object.entries(marker)) if (file !== 'package.json') fs.writeFileSync(path.join(root, file), text);
  for (const app of apps) fs.cpSync(path.join(FIXTURE_APPS, 'app-router-src'), path.join(root, app), { recursive: true });
  return root;
}

describe('safety: a monorepo root is not an app', () => {
  for (const [label, marker] of [
    ['package.json workspaces', { 'package.json': '{"workspaces":["apps/*"]}' }],
    ['yarn workspaces.packages', { 'package.json': '{"workspaces":{"packages":["apps/*"]}}' }],
    ['pnpm-workspace.yaml', { 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n' }],
    ['turbo.json', { 'turbo.json': '{}' }],
    ['nx.json', { 'nx.json': '{}' }],
  ] as const) {
    it(`${label}, next in the root's devDependencies, two apps: init --yes refuses and lists them; nothing written`, async () => {
      const root = monorepo(marker, ['apps/web', 'apps/admin']);
      assert.deepStrictEqual(findNextApps(new NodeFileSystem(), [root]), [path.join(root, 'apps', 'admin'), path.join(root, 'apps', 'web')]);
      const before = treeBytes(root);
      const fake = fakeIO(root);
      assert.strictEqual(await main(['init', '--yes'], fake.io), 1, fake.text());
      assert.match(fake.text(), /holds 2 Next\.js apps/);
      assert.match(fake.text(), /init apps\/admin\n.*init apps\/web/);
      assert.deepStrictEqual(treeBytes(root), before);
    });
  }

  it('with one app below, init uses that app and writes nothing at the root', async () => {
    const root = monorepo({ 'package.json': '{"workspaces":["apps/*"]}' }, ['apps/web']);
    const rootFiles = fs.readdirSync(root).sort();
    const fake = fakeIO(root);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 0, fake.text());
    assert.match(fake.text(), /Using the Next\.js app in apps\/web/);
    assert.deepStrictEqual(fs.readdirSync(root).sort(), rootFiles);
    assert.ok(fs.existsSync(path.join(root, 'apps', 'web', 'src', 'lib', 'auth.ts')));
  });

  it('a workspace root with its own app/ stays an app', () => {
    const root = monorepo({ 'package.json': '{"workspaces":["packages/*"]}' }, ['packages/site']);
    fs.mkdirSync(path.join(root, 'app'));
    fs.writeFileSync(path.join(root, 'app', 'page.tsx'), 'export default function P() { return null; }\n');
    assert.deepStrictEqual(findNextApps(new NodeFileSystem(), [root]), [root, path.join(root, 'packages', 'site')]);
  });
});
