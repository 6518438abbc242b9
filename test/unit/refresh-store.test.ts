import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkPaths } from '../../src/core/analyze';
import { detectProject } from '../../src/core/detect';
import { NodeFileSystem } from '../../src/core/file-system';
import { DEFAULT_SETTINGS, type RefreshStoreKind } from '../../src/core/settings';
import { planScaffold, SCAFFOLD_PIECES } from '../../src/core/scaffold';
import type { ScaffoldPlan } from '../../src/core/scaffold';
import { renderTemplateFile } from '../../src/core/scaffold/templates';
import { expandSnippet, readContributedSnippets } from '../support/snippets';
import { linkTypes, typecheckApp } from '../support/typecheck';

// Issue 14: `--refresh-store redis` generates a store module next to the auth options, switches the
// refresh logic to it, adds REDIS_URL and the redis dependency; the result type-checks against the real
// next-auth and redis packages, a second run changes nothing, and re-running with the other store switches
// the auth options (and only them) cleanly, both ways.
describe('refresh store: redis', function () {
  this.timeout(240_000);
  const disk = new NodeFileSystem();
  const shapes: Array<{ major: 4 | 5; language: 'ts' | 'js'; optionsFile: string }> = [
    { major: 4, language: 'ts', optionsFile: 'lib/auth.ts' },
    { major: 5, language: 'ts', optionsFile: 'auth.ts' },
    { major: 5, language: 'js', optionsFile: 'auth.js' },
  ];

  const freshApp = (major: 4 | 5, language: 'ts' | 'js'): string => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'nextauth-scaffold-redis-'));
    const write = (relative: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      fs.writeFileSync(path.join(dir, relative), text);
    };
    write('package.json', `{\n  "name": "fresh",\n  "dependencies": {\n    "next": "16.0.0",\n    "next-auth": "${major === 5 ? '5.0.0-beta.32' : '4.24.15'}",\n    "react": "19.0.0"\n  }\n}\n`);
    const compilerOptions = { target: 'ES2022', lib: ['dom', 'dom.iterable', 'esnext'], module: 'esnext', moduleResolution: 'bundler', jsx: 'preserve', strict: true, noEmit: true, skipLibCheck: true, allowJs: true, paths: { '@/*': ['./*'] } };
    write(language === 'ts' ? 'tsconfig.json' : 'jsconfig.json', JSON.stringify({ compilerOptions, include: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'], exclude: ['node_modules'] }));
    write(`app/layout.${language}x`, `${language === 'js' ? '/** @param {{ children: import("react").ReactNode }} props */\n' : ''}export default function RootLayout({ children }${language === 'ts' ? ': { children: React.ReactNode }' : ''}) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`);
    return dir;
  };
  /** A plan for `refreshStore`, or with no store chosen (`init` without --refresh-store, no setting). */
  const plan = (dir: string, refreshStore: RefreshStoreKind | 'unchosen'): ScaffoldPlan => {
    const project = detectProject(disk, dir);
    const chosen = refreshStore === 'unchosen' ? { settings: DEFAULT_SETTINGS, refreshStoreFromDefault: true } : { settings: { ...DEFAULT_SETTINGS, refreshStore } };
    return planScaffold(disk, { project, router: 'app', ...chosen, pieces: SCAFFOLD_PIECES, isGitTracked: () => false });
  };
  const apply = (result: ScaffoldPlan): void => {
    for (const change of result.changes) {
      fs.mkdirSync(path.dirname(change.path), { recursive: true });
      fs.writeFileSync(change.path, change.content);
    }
  };
  const changed = (dir: string, result: ScaffoldPlan): string[] => result.changes.map((c) => path.relative(dir, c.path)).sort();

  for (const shape of shapes) {
    it(`next-auth ${shape.major} ${shape.language}: type-checks against next-auth and redis, runs twice, switches to memory and back`, () => {
      const dir = freshApp(shape.major, shape.language);
      try {
        const first = plan(dir, 'redis');
        const store = path.join(path.dirname(shape.optionsFile), `refresh-store.${shape.language}`);
        assert.ok(changed(dir, first).includes(store), `the store module is created: ${changed(dir, first).join(', ')}`);
        assert.ok(changed(dir, first).includes('package.json'));
        assert.deepStrictEqual(first.install, ['npm install redis@^6.3.1']);
        apply(first);
        const options = () => fs.readFileSync(path.join(dir, shape.optionsFile), 'utf8');
        const withRedis = options();
        assert.match(withRedis, /import \{ redisRefreshStore \} from "\.\/refresh-store";/);
        assert.match(withRedis, /\?\?= redisRefreshStore\(inProcessRefreshStore\(\), \{ rotated: ROTATION_GRACE_MS, refused: REFUSAL_MEMORY_MS, failed: RETRY_AFTER_MS \}\)/);
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
        assert.deepStrictEqual(Object.keys(pkg.dependencies), ['next', 'next-auth', 'react', 'redis'], 'added in alphabetical order');
        assert.strictEqual(pkg.dependencies.redis, '^6.3.1');
        const env = fs.readFileSync(path.join(dir, '.env.local'), 'utf8');
        assert.match(env, /# Redis shared by every server instance[^\n]*\n#[^\n]*\nREDIS_URL=redis:\/\/127\.0\.0\.1:6379\n/);

        linkTypes(dir, shape.major);
        assert.deepStrictEqual(typecheckApp(dir, { checkJs: shape.language === 'js' }), []);
        assert.deepStrictEqual(checkPaths(disk, [dir]).findings, []);
        assert.deepStrictEqual(changed(dir, plan(dir, 'redis')), [], 'a second run with redis changes nothing');

        const toMemory = plan(dir, 'memory');
        assert.deepStrictEqual(changed(dir, toMemory), [shape.optionsFile], 'switching to memory edits the auth options only');
        assert.ok(toMemory.notes.some((n) => /no longer used/.test(n.message)), 'a note says the module and dependency are unused');
        apply(toMemory);
        assert.doesNotMatch(options(), /redisRefreshStore|from "\.\/refresh-store"/);
        assert.match(options(), /\?\?= inProcessRefreshStore\(\)/);
        assert.deepStrictEqual(typecheckApp(dir, { checkJs: shape.language === 'js' }), []);
        assert.deepStrictEqual(changed(dir, plan(dir, 'memory')), [], 'a second run with memory changes nothing');

        const back = plan(dir, 'redis');
        assert.deepStrictEqual(changed(dir, back), [shape.optionsFile], 'switching back edits the auth options only');
        apply(back);
        assert.strictEqual(options(), withRedis, 'back to the same code, nothing duplicated');
        assert.deepStrictEqual(changed(dir, plan(dir, 'redis')), []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('with no store chosen, an app keeps the generated store it declares; a chosen store switches it', () => {
    const dir = freshApp(4, 'ts');
    try {
      const fresh = plan(dir, 'unchosen');
      assert.ok(!changed(dir, fresh).some((f) => f.includes('refresh-store')), 'a new app gets the in-process store');
      apply(fresh);
      const options = () => fs.readFileSync(path.join(dir, 'lib/auth.ts'), 'utf8');
      assert.match(options(), /\?\?= inProcessRefreshStore\(\)/);
      apply(plan(dir, 'redis'));
      const withRedis = options();
      assert.match(withRedis, /\?\?= redisRefreshStore\(/);
      // The env piece keeps REDIS_URL in step: remove it, and the unchosen run adds it back (redis kept).
      const envFile = path.join(dir, '.env.local');
      fs.writeFileSync(envFile, fs.readFileSync(envFile, 'utf8').replace(/REDIS_URL=.*\n/, ''));
      const kept = plan(dir, 'unchosen');
      assert.deepStrictEqual(changed(dir, kept), ['.env.local'], 'no flag: the Redis store is kept, only the missing REDIS_URL is restored');
      assert.ok(!kept.notes.some((n) => /Switched token rotation/.test(n.message)));
      apply(kept);
      assert.strictEqual(options(), withRedis);
      assert.deepStrictEqual(changed(dir, plan(dir, 'unchosen')), [], 'a second run without a choice changes nothing');
      const toMemory = plan(dir, 'memory');
      assert.deepStrictEqual(changed(dir, toMemory), ['lib/auth.ts'], 'an explicit memory switches');
      apply(toMemory);
      assert.match(options(), /\?\?= inProcessRefreshStore\(\)/);
      assert.deepStrictEqual(changed(dir, plan(dir, 'unchosen')), [], 'and then no choice keeps memory');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a refreshStore declaration the user changed is kept, with a warning, and nothing else is switched', () => {
    const dir = freshApp(4, 'ts');
    try {
      apply(plan(dir, 'memory'));
      const file = path.join(dir, 'lib/auth.ts');
      const own = fs.readFileSync(file, 'utf8').replace('??= inProcessRefreshStore());', '??= inProcessRefreshStore()); // mine');
      const edited = own.replace('= ((globalThis', '= (/* custom */ (globalThis');
      fs.writeFileSync(file, edited);
      const result = plan(dir, 'redis');
      assert.ok(!changed(dir, result).includes('lib/auth.ts'), 'the auth options are not touched');
      assert.ok(!changed(dir, result).some((f) => f.includes('refresh-store')), 'no store module for options that do not use it');
      const warning = result.notes.find((n) => n.level === 'warning' && /Kept your refreshStore declaration/.test(n.message));
      assert.ok(warning, result.notes.map((n) => n.message).join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the nextauth-refresh-store-redis snippet inserts exactly the generated module (TypeScript, and the JavaScript derived from it)', () => {
    const files = readContributedSnippets(path.resolve(__dirname, '..', '..'));
    for (const [language, template, file] of [['typescript', 'shared/refresh-store.ts', 'lib/refresh-store.ts'], ['javascript', 'shared/refresh-store.js', 'lib/refresh-store.js']] as const) {
      const snippet = files.filter((f) => f.languages.includes(language)).flatMap((f) => f.snippets).find((s) => s.prefixes.includes('nextauth-refresh-store-redis'));
      assert.ok(snippet, `no snippet for ${language}`);
      const expanded = expandSnippet(snippet.body, { file }).text.replace(/^\t+/gm, (tabs) => '  '.repeat(tabs.length));
      assert.strictEqual(expanded.trimEnd(), renderTemplateFile(template, {}).trimEnd(), `${language}: the snippet and the ${template} the scaffold writes differ`);
    }
  });
});
