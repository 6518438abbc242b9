import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ModuleResolver } from '../../src/core/auth-config/module-resolver';
import { findWorkspace } from '../../src/core/auth-config/workspace-packages';
import { InMemoryFileSystem, NodeFileSystem } from '../../src/core/file-system';

const pkg = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name, version: '1.0.0', ...extra });

describe('ModuleResolver', () => {
  it('resolves relative imports as a bundler does: no extension, .js for .ts, folder index, jsx', () => {
    const memory = new InMemoryFileSystem({
      '/app/lib/auth.ts': '',
      '/app/lib/auth.config.ts': '',
      '/app/lib/providers/index.tsx': '',
      '/app/lib/legacy.js': '',
      '/app/app/page.tsx': '',
    });
    const resolver = new ModuleResolver(memory);
    const from = '/app/app/page.tsx';
    assert.strictEqual(resolver.resolve('../lib/auth', from)?.file, '/app/lib/auth.ts');
    assert.strictEqual(resolver.resolve('../lib/auth.config.js', from)?.file, '/app/lib/auth.config.ts');
    assert.strictEqual(resolver.resolve('../lib/providers', from)?.file, '/app/lib/providers/index.tsx');
    assert.strictEqual(resolver.resolve('../lib/legacy', from, 'require')?.file, '/app/lib/legacy.js');
    assert.strictEqual(resolver.resolve('../lib/missing', from), undefined);
    assert.strictEqual(resolver.resolve('../lib/auth', from)?.external, false);
  });

  it('applies the paths and baseUrl of the tsconfig nearest to the importing file, extends included', () => {
    const memory = new InMemoryFileSystem({
      '/app/tsconfig.json': '{ "extends": ["./tsconfig.paths.json", "./tsconfig.strict.json"] }',
      '/app/tsconfig.paths.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"], "/*": ["./*"] } } }',
      '/app/tsconfig.strict.json': '{ "compilerOptions": { "strict": true } }',
      '/app/src/lib/auth.ts': '',
      '/app/lib/auth.ts': '',
      '/app/src/app/api/auth/[...nextauth]/route.ts': '',
      '/app/packages/other/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./lib/*"] } } }',
      '/app/packages/other/lib/auth.ts': '',
      '/app/packages/other/index.ts': '',
    });
    const resolver = new ModuleResolver(memory);
    const route = '/app/src/app/api/auth/[...nextauth]/route.ts';
    assert.strictEqual(resolver.resolve('@/lib/auth', route)?.file, '/app/src/lib/auth.ts');
    // baseUrl makes a bare "lib/auth" a project import, and a "/*" path maps a root-absolute one.
    assert.strictEqual(resolver.resolve('lib/auth', route)?.file, '/app/lib/auth.ts');
    assert.strictEqual(resolver.resolve('/lib/auth', route)?.file, '/app/lib/auth.ts');
    // A server-relative import, as the bundler resolves it against the project (webpack's resolve.roots).
    const noSlashPath = new ModuleResolver(new InMemoryFileSystem({ '/b/tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }', '/b/lib/auth.ts': '', '/b/app/route.ts': '' }));
    assert.strictEqual(noSlashPath.resolve('/lib/auth', '/b/app/route.ts')?.file, '/b/lib/auth.ts');
    // Inside a folder with its own tsconfig, its own aliases apply.
    assert.strictEqual(resolver.resolve('@/auth', '/app/packages/other/index.ts')?.file, '/app/packages/other/lib/auth.ts');
  });

  it('finds a workspace package by name before anything is installed, through its exports, sources over declarations', () => {
    const memory = new InMemoryFileSystem({
      '/repo/package.json': pkg('repo', { private: true, workspaces: ['apps/*', 'packages/*'] }),
      '/repo/apps/web/package.json': pkg('web', { dependencies: { '@acme/auth': 'workspace:*' } }),
      '/repo/apps/web/app/api/auth/[...nextauth]/route.ts': '',
      '/repo/packages/auth/package.json': pkg('@acme/auth', { exports: { '.': { types: './dist/index.d.ts', default: './src/index.ts' }, './config': './src/config.ts' } }),
      '/repo/packages/auth/src/index.ts': '',
      '/repo/packages/auth/src/config.ts': '',
      '/repo/packages/auth/dist/index.d.ts': '',
      '/repo/packages/ui/package.json': pkg('@acme/ui', { main: './index.js' }),
      '/repo/packages/ui/index.js': '',
    });
    const resolver = new ModuleResolver(memory);
    const route = '/repo/apps/web/app/api/auth/[...nextauth]/route.ts';
    assert.deepStrictEqual(resolver.resolve('@acme/auth', route), { file: '/repo/packages/auth/src/index.ts', external: false, declarationOnly: false });
    assert.strictEqual(resolver.resolve('@acme/auth/config', route)?.file, '/repo/packages/auth/src/config.ts');
    assert.strictEqual(resolver.resolve('@acme/ui', route, 'require')?.file, '/repo/packages/ui/index.js');
    assert.strictEqual(resolver.resolve('@acme/nope', route), undefined);
  });

  it('pnpm-workspace.yaml globs, and exclusions', () => {
    const memory = new InMemoryFileSystem({
      '/repo/pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - \"packages/**\"\n  - '!packages/legacy'\n# done\n",
      '/repo/apps/web/package.json': pkg('web'),
      '/repo/packages/auth/package.json': pkg('@acme/auth'),
      '/repo/packages/tooling/eslint/package.json': pkg('@acme/eslint'),
      '/repo/packages/legacy/package.json': pkg('@acme/legacy'),
    });
    const workspace = findWorkspace(memory, '/repo/apps/web');
    assert.strictEqual(workspace?.root, '/repo');
    assert.deepStrictEqual([...workspace!.packages.keys()].sort(), ['@acme/auth', '@acme/eslint', 'web']);
  });

  it('follows a node_modules link to the package folder in the workspace (real path), and marks installed packages external', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'resolver-'));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
      };
      write('packages/auth/package.json', pkg('@acme/auth', { main: './dist/index.js', types: './dist/index.d.ts' }));
      write('packages/auth/dist/index.js', '');
      write('packages/auth/dist/index.d.ts', '');
      write('packages/auth/dist/index.d.ts.map', JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }));
      write('packages/auth/src/index.ts', '');
      write('apps/web/app/page.tsx', '');
      write('apps/web/node_modules/next-auth/package.json', pkg('next-auth', { main: 'index.js' }));
      write('apps/web/node_modules/next-auth/index.js', '');
      fs.mkdirSync(path.join(root, 'apps/web/node_modules/@acme'), { recursive: true });
      fs.symlinkSync(path.join(root, 'packages/auth'), path.join(root, 'apps/web/node_modules/@acme/auth'), 'dir');
      const real = fs.realpathSync(root);
      const resolver = new ModuleResolver(new NodeFileSystem());
      const from = path.join(root, 'apps/web/app/page.tsx');
      // main points at built JavaScript; its declaration map leads back to the source.
      const linked = resolver.resolve('@acme/auth', from);
      assert.ok(linked?.file === path.join(real, 'packages/auth/dist/index.js') || linked?.file === path.join(real, 'packages/auth/src/index.ts'), linked?.file);
      assert.strictEqual(linked?.external, false);
      assert.strictEqual(resolver.resolve('next-auth', from)?.external, true);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
