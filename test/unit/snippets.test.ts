import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { analyzeSource, checkPaths, readJwtAugmentation } from '../../src/core/analyze';
import { NodeFileSystem } from '../../src/core/file-system';
import { expandSnippet, readContributedSnippets, type SnippetDefinition, type SnippetFile } from '../support/snippets';
import { linkTypes, typecheckApp } from '../support/typecheck';

// Every contributed snippet, expanded with its defaults the way VS Code inserts it, must parse in each
// language it is offered for, type-check where it belongs in a real app against the real next-auth 4 or 5,
// and never trip the session-leak analyzer.

const repoRoot = path.resolve(__dirname, '..', '..');
const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;
type Language = (typeof LANGUAGES)[number];
/** Short aliases are the second and later prefixes, `na-…`, documented in the README's snippets table. */
const ALIAS = /^na-[a-z0-9.-]+$/;

const files: SnippetFile[] = readContributedSnippets(repoRoot);

function languageOf(file: string): Language {
  if (file.endsWith('.tsx')) return 'typescriptreact';
  if (file.endsWith('.ts')) return 'typescript';
  if (file.endsWith('.jsx')) return 'javascriptreact';
  return 'javascript';
}
const familyOf = (language: string) => (language.startsWith('typescript') ? 'ts' : 'js');

/** The snippet VS Code offers for `prefix` in `language` (unique: the structure test checks it). */
function snippetFor(prefix: string, language: Language): { file: SnippetFile; snippet: SnippetDefinition } {
  for (const file of files) {
    if (!file.languages.includes(language)) continue;
    const snippet = file.snippets.find((s) => s.prefixes.includes(prefix));
    if (snippet) return { file, snippet };
  }
  throw new Error(`no snippet with prefix ${prefix} is contributed for ${language}`);
}

function expand(prefix: string, file: string, choose?: Choose): string {
  return expandSnippet(snippetFor(prefix, languageOf(file)).snippet.body, { file, choose }).text;
}
type Choose = (index: number, options: readonly string[]) => string;

type AppId = 'ts4' | 'ts5' | 'ts5-auth-core' | 'js4' | 'js5';
const APPS: Record<AppId, { major: 4 | 5; js: boolean; linkAuthCore?: boolean }> = {
  ts4: { major: 4, js: false },
  ts5: { major: 5, js: false },
  // next-auth 5 with the JWT augmentation on "@auth/core/jwt" (the types snippet's second choice).
  'ts5-auth-core': { major: 5, js: false, linkAuthCore: true },
  js4: { major: 4, js: true },
  js5: { major: 5, js: true },
};

/** Where a snippet goes in a small Next.js app: the file, and for member-style snippets the code around it. */
interface Placement {
  readonly prefix: string;
  readonly app: AppId;
  readonly file: string;
  readonly wrap?: (body: string, file: string) => string;
  /** Choices other than the first, as the user would pick them. */
  readonly choose?: Choose;
}

const js = (app: AppId) => APPS[app].js;
const ext = (app: AppId, react = false) => (js(app) ? (react ? 'jsx' : 'js') : react ? 'tsx' : 'ts');

// Member-style snippets in the smallest config they are written for.
const v4OptionsType = (app: AppId) =>
  js(app) ? '/** @type {import("next-auth").NextAuthOptions} */\nexport const options =' : 'export const options: NextAuthOptions =';
const v4Imports = (app: AppId) => (js(app) ? '' : 'import type { NextAuthOptions } from "next-auth";\n');
const wrapV4Provider = (app: AppId) => (body: string) =>
  `${v4Imports(app)}import CredentialsProvider from "next-auth/providers/credentials";\n\n${v4OptionsType(app)} {\n  providers: [\n${body}\n  ],\n};\n`;
const wrapV4Callback = (app: AppId) => (body: string) =>
  `${v4Imports(app)}import { refreshAccessToken } from "./refresh-function";\n\n${v4OptionsType(app)} {\n  providers: [],\n  callbacks: {\n${body}\n  },\n};\n`;
const wrapV5Provider = (body: string, file: string) =>
  `import NextAuth, { CredentialsSignin } from "next-auth";\nimport Credentials from "next-auth/providers/credentials";\n\n` +
  `${expand('nextauth-signin-error-v5', file)}\n\nexport const { handlers } = NextAuth({\n  providers: [\n${body}\n  ],\n});\n`;
const wrapV5Callback = (body: string) =>
  `import NextAuth from "next-auth";\nimport { refreshAccessToken } from "./refresh-function";\n\n` +
  `export const { auth } = NextAuth({\n  providers: [],\n  callbacks: {\n${body}\n  },\n});\n`;
const wrapRefresh = (app: AppId) => (body: string) => (js(app) ? body : `import type { JWT } from "next-auth/jwt";\n\n${body}`);

const PLACEMENTS: Placement[] = [
  // next-auth 4
  ...(['ts4', 'js4'] as const).flatMap((app): Placement[] => [
    { prefix: 'nextauth-auth-options', app, file: `lib/auth.${ext(app)}` },
    { prefix: 'nextauth-route', app, file: `app/api/auth/[...nextauth]/route.${ext(app)}` },
    { prefix: 'nextauth-pages-route', app, file: `pages/api/auth/[...nextauth].${ext(app)}` },
    { prefix: 'nextauth-route-session', app, file: `app/api/me/route.${ext(app)}` },
    { prefix: 'nextauth-server-session', app, file: `app/dashboard/page.${ext(app, true)}` },
    { prefix: 'nextauth-use-session', app, file: `app/profile/profile.${ext(app, true)}` },
    { prefix: 'nextauth-session-provider', app, file: `app/auth-provider.${ext(app, true)}` },
    { prefix: 'nextauth-login-page', app, file: `app/login/page.${ext(app, true)}` },
    { prefix: 'nextauth-middleware', app, file: `middleware.${ext(app)}` },
    { prefix: 'nextauth-credentials-provider', app, file: `fragments/credentials-provider.${ext(app)}`, wrap: wrapV4Provider(app) },
    { prefix: 'nextauth-refresh-function', app, file: `fragments/refresh-function.${ext(app)}`, wrap: wrapRefresh(app) },
    { prefix: 'nextauth-jwt-callback', app, file: `fragments/jwt-callback.${ext(app)}`, wrap: wrapV4Callback(app) },
    { prefix: 'nextauth-session-callback', app, file: `fragments/session-callback.${ext(app)}`, wrap: wrapV4Callback(app) },
    { prefix: 'nextauth-refresh-store-redis', app, file: `lib/refresh-store.${ext(app)}` },
  ]),
  { prefix: 'nextauth-types', app: 'ts4', file: 'next-auth.d.ts' },
  // next-auth 5
  ...(['ts5', 'js5'] as const).flatMap((app): Placement[] => [
    { prefix: 'nextauth-auth-v5', app, file: `auth.${ext(app)}` },
    { prefix: 'nextauth-route-v5', app, file: `app/api/auth/[...nextauth]/route.${ext(app)}` },
    { prefix: 'nextauth-route-session-v5', app, file: `app/api/me/route.${ext(app)}` },
    { prefix: 'nextauth-server-session-v5', app, file: `app/dashboard/page.${ext(app, true)}` },
    { prefix: 'nextauth-use-session', app, file: `app/profile/profile.${ext(app, true)}` },
    { prefix: 'nextauth-session-provider', app, file: `app/auth-provider.${ext(app, true)}` },
    { prefix: 'nextauth-login-page-v5', app, file: `app/login/page.${ext(app, true)}` },
    { prefix: 'nextauth-middleware-v5', app, file: `middleware.${ext(app)}` },
    { prefix: 'nextauth-proxy', app, file: `proxy.${ext(app)}` },
    { prefix: 'nextauth-signin-error-v5', app, file: `fragments/signin-error.${ext(app)}`, wrap: (body) => `import { CredentialsSignin } from "next-auth";\n\n${body}\n` },
    { prefix: 'nextauth-credentials-provider-v5', app, file: `fragments/credentials-provider.${ext(app)}`, wrap: wrapV5Provider },
    { prefix: 'nextauth-refresh-function', app, file: `fragments/refresh-function.${ext(app)}`, wrap: wrapRefresh(app) },
    { prefix: 'nextauth-jwt-callback', app, file: `fragments/jwt-callback.${ext(app)}`, wrap: wrapV5Callback },
    { prefix: 'nextauth-session-callback', app, file: `fragments/session-callback.${ext(app)}`, wrap: wrapV5Callback },
    { prefix: 'nextauth-refresh-store-redis', app, file: `refresh-store.${ext(app)}` },
  ]),
  { prefix: 'nextauth-types', app: 'ts5', file: 'next-auth.d.ts' },
  // The JWT fields must type-check the same when the augmentation targets "@auth/core/jwt".
  {
    prefix: 'nextauth-types',
    app: 'ts5-auth-core',
    file: 'next-auth.d.ts',
    choose: (_, options) => options.find((o) => o === '@auth/core/jwt') ?? assert.fail(`no @auth/core/jwt choice in ${options.join(',')}`),
  },
  { prefix: 'nextauth-auth-v5', app: 'ts5-auth-core', file: 'auth.ts' },
  { prefix: 'nextauth-use-session', app: 'ts5-auth-core', file: 'app/profile/profile.tsx' },
];

function placedText(placement: Placement, file = placement.file): string {
  const body = expand(placement.prefix, file, placement.choose);
  return placement.wrap ? placement.wrap(body, file) : body;
}

const SCRIPT_KINDS: Record<Language, ts.ScriptKind> = {
  typescript: ts.ScriptKind.TS,
  typescriptreact: ts.ScriptKind.TSX,
  javascript: ts.ScriptKind.JS,
  javascriptreact: ts.ScriptKind.JSX,
};

function syntaxErrors(file: string, text: string, language: Language): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, SCRIPT_KINDS[language]);
  const diagnostics = (source as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.map((d) => {
    const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${file}:${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('snippets', () => {
  describe('structure', () => {
    it('contributes every snippets/*.code-snippets file, for known languages only', () => {
      assert.ok(files.length > 0, 'package.json contributes no snippets');
      const onDisk = fs.readdirSync(path.join(repoRoot, 'snippets')).filter((f) => f.endsWith('.code-snippets')).map((f) => `snippets/${f}`);
      assert.deepStrictEqual(files.map((f) => f.path).sort(), onDisk.sort());
      for (const file of files) {
        for (const language of file.languages) assert.ok((LANGUAGES as readonly string[]).includes(language), `${file.path}: unknown language ${language}`);
        assert.strictEqual(new Set(file.languages).size, file.languages.length, `${file.path} is contributed twice for one language`);
      }
      for (const language of LANGUAGES) assert.ok(files.some((f) => f.languages.includes(language)), `no snippets for ${language}`);
    });

    for (const file of files) {
      for (const snippet of file.snippets) {
        it(`${file.path} "${snippet.name}": prefixes, description, scope, tab stops`, () => {
          const [main, ...aliases] = snippet.prefixes;
          assert.match(main, /^nextauth-[a-z0-9-]+$/);
          for (const alias of aliases) assert.match(alias, ALIAS, `alias ${alias} of ${main}`);
          assert.ok(snippet.description.length >= 40 && /\bInserts\b/.test(snippet.description), `description must say what it inserts: ${snippet.description}`);
          if (snippet.scope !== undefined) assert.deepStrictEqual(snippet.scope.split(',').sort(), [...file.languages].sort(), 'scope differs from package.json');

          const expansion = expandSnippet(snippet.body);
          const numbered = expansion.tabStops.filter((n) => n > 0);
          assert.deepStrictEqual(numbered, numbered.map((_, i) => i + 1), `tab stops must run 1..n without gaps: ${numbered.join(',')}`);
          for (const [index, options] of expansion.choices) {
            assert.ok(options.length >= 2 && new Set(options).size === options.length, `choice $${index} needs distinct options`);
          }
          // Tabs let VS Code re-indent the body to the user's settings; spaces would stay as written.
          const spaceIndented = snippet.body.filter((line) => /^\t* {2,}/.test(line));
          assert.deepStrictEqual(spaceIndented, [], 'indent bodies with tabs');
        });
      }
    }

    it('has unique prefixes within each language', () => {
      for (const language of LANGUAGES) {
        const seen = new Map<string, string>();
        for (const file of files.filter((f) => f.languages.includes(language))) {
          for (const snippet of file.snippets) {
            for (const prefix of snippet.prefixes) {
              assert.ok(!seen.has(prefix), `${language}: prefix ${prefix} in ${seen.get(prefix)} and ${file.path}`);
              seen.set(prefix, file.path);
            }
          }
        }
      }
    });

    it('documents every snippet in the README: prefix, alias and languages', () => {
      const doc = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
      const short: Record<string, string> = { typescript: 'ts', typescriptreact: 'tsx', javascript: 'js', javascriptreact: 'jsx' };
      const expected = new Map<string, { aliases: Set<string>; languages: Set<string> }>();
      for (const file of files) {
        for (const snippet of file.snippets) {
          const [main, ...aliases] = snippet.prefixes;
          const entry = expected.get(main) ?? { aliases: new Set<string>(), languages: new Set<string>() };
          aliases.forEach((a) => entry.aliases.add(a));
          file.languages.forEach((l) => entry.languages.add(short[l]));
          expected.set(main, entry);
        }
      }
      const rows = new Map<string, string[]>();
      for (const line of doc.split('\n')) {
        const cells = line.split('|').map((c) => c.trim());
        const prefix = /^`(nextauth-[^`]+)`$/.exec(cells[1] ?? '')?.[1];
        if (prefix) rows.set(prefix, cells.slice(1));
      }
      assert.deepStrictEqual([...rows.keys()].sort(), [...expected.keys()].sort(), 'table rows vs snippets');
      for (const [prefix, { aliases, languages }] of expected) {
        const [, aliasCell, languageCell] = rows.get(prefix)!;
        assert.deepStrictEqual(aliasCell.split(',').map((a) => a.trim().replace(/`/g, '')).filter(Boolean).sort(), [...aliases].sort(), `${prefix} aliases`);
        assert.deepStrictEqual(languageCell.split(',').map((l) => l.trim()).sort(), [...languages].sort(), `${prefix} languages`);
      }
    });

    it('places every snippet in an app for each language family it is offered for', () => {
      const covered = new Set(
        PLACEMENTS.map((p) => {
          const { file, snippet } = snippetFor(p.prefix, languageOf(p.file));
          return `${file.path}#${snippet.name}#${familyOf(languageOf(p.file))}`;
        }),
      );
      const missing = files.flatMap((file) =>
        file.snippets.flatMap((snippet) =>
          [...new Set(file.languages.map(familyOf))]
            .map((family) => `${file.path}#${snippet.name}#${family}`)
            .filter((key) => !covered.has(key)),
        ),
      );
      assert.deepStrictEqual(missing, []);
    });
  });

  describe('expanded with defaults, parses in every language it is offered for', () => {
    for (const placement of PLACEMENTS) {
      const language = languageOf(placement.file);
      const { file } = snippetFor(placement.prefix, language);
      const siblings = (file.languages as Language[]).filter((l) => familyOf(l) === familyOf(language));
      it(`${placement.prefix} (${siblings.join(', ')}) as ${placement.file}`, () => {
        for (const sibling of siblings) {
          // Same placement with the sibling language's extension: a .ts snippet offered in .tsx must not
          // contain `<T>expr` casts, and so on.
          const asSibling = placement.file.replace(/\.(t|j)sx?$/, (m) =>
            sibling.endsWith('react') ? (m.startsWith('.t') ? '.tsx' : '.jsx') : m.startsWith('.t') ? '.ts' : '.js',
          );
          const text = placedText(placement, asSibling);
          assert.deepStrictEqual(syntaxErrors(asSibling, text, sibling), []);
        }
      });
    }
  });

  describe('triggers no session-leak warning', () => {
    for (const placement of PLACEMENTS) {
      it(`${placement.prefix} as ${placement.app}/${placement.file}`, () => {
        const file = path.join('/app', placement.file);
        assert.deepStrictEqual(analyzeSource(file, placedText(placement)).map((f) => `${f.rule} at line ${f.range.start.line + 1}`), []);
      });
    }

    // Shows the assertion above can fail: the same snippets, edited to leak, are caught.
    for (const app of ['ts4', 'js5'] as const) {
      it(`the session callback edited to leak the refresh token is caught (${app})`, () => {
        const placement = PLACEMENTS.find((p) => p.app === app && p.prefix === 'nextauth-session-callback')!;
        const safe = placedText(placement);
        const leaking = safe.replace('accessToken: token.accessToken,', 'accessToken: token.accessToken,\n      refreshToken: token.refreshToken,');
        assert.notStrictEqual(leaking, safe);
        const rules = analyzeSource(path.join('/app', placement.file), leaking).map((f) => f.rule);
        assert.deepStrictEqual(rules, ['session-exposes-refresh-token']);
      });
    }
    it('the whole-file v5 auth.ts edited to return the whole token is caught', () => {
      const placement = PLACEMENTS.find((p) => p.app === 'ts5' && p.prefix === 'nextauth-auth-v5')!;
      const safe = placedText(placement);
      const leaking = safe.replace('user: { ...session.user, id: token.sub ?? "" },', 'user: token as any,');
      assert.notStrictEqual(leaking, safe);
      const rules = analyzeSource(path.join('/app', placement.file), leaking).map((f) => f.rule);
      assert.deepStrictEqual(rules, ['session-exposes-refresh-token']);
    });
  });

  describe('type-checks in place against the real next-auth', () => {
    const NEXT_ENV = '/// <reference types="next" />\n/// <reference types="next/image-types/global" />\n';
    const compilerOptions = {
      target: 'ES2017',
      lib: ['dom', 'dom.iterable', 'esnext'],
      skipLibCheck: true,
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      module: 'esnext',
      moduleResolution: 'bundler',
      resolveJsonModule: true,
      isolatedModules: true,
      jsx: 'preserve',
      paths: { '@/*': ['./*'] },
    };
    // A control file per TypeScript app: the augmentation keeps the refresh token out of `Session`, so
    // code that tries to put it there does not compile (and shows the check sees real errors).
    const CONTROL = 'controls/leak.ts';
    const controlText = (major: 4 | 5) =>
      `import type { Session } from "next-auth";\n` +
      `${major === 4 ? 'import type { NextAuthOptions } from "next-auth";\nexport const options: NextAuthOptions = {\n  providers: [],\n' : 'import NextAuth from "next-auth";\nexport const { auth } = NextAuth({\n  providers: [],\n'}` +
      '  callbacks: {\n    session({ session, token }) {\n      session.refreshToken = token.refreshToken;\n      return session;\n    },\n  },\n' +
      `}${major === 4 ? '' : ')'};\n` +
      'export const readRefreshToken = (session: Session) => session.user.refreshToken;\n';

    for (const [app, { major, js: isJs }] of Object.entries(APPS) as [AppId, (typeof APPS)[AppId]][]) {
      it(`${app}: a ${isJs ? 'JavaScript (checkJs)' : 'TypeScript'} app on next-auth ${major}`, () => {
        const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `snippets-${app}-`));
        try {
          const write = (relative: string, text: string) => {
            fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
            fs.writeFileSync(path.join(dir, relative), text);
          };
          write('package.json', JSON.stringify({ name: `snippets-${app}`, private: true, dependencies: { next: '16', 'next-auth': String(major) } }));
          write(isJs ? 'jsconfig.json' : 'tsconfig.json', JSON.stringify({
            compilerOptions: isJs ? { ...compilerOptions, allowJs: true, checkJs: true } : { ...compilerOptions, allowJs: true },
            include: isJs ? ['next-env.d.ts', '**/*.js', '**/*.jsx'] : ['next-env.d.ts', '**/*.ts', '**/*.tsx'],
            exclude: ['node_modules'],
          }, null, 2));
          write('next-env.d.ts', NEXT_ENV);
          const placed = PLACEMENTS.filter((p) => p.app === app);
          for (const placement of placed) write(placement.file, placedText(placement));
          if (!isJs) write(CONTROL, controlText(major));
          linkTypes(dir, major);
          if (APPS[app].linkAuthCore) {
            const authCore = path.join(dir, 'node_modules', '@auth', 'core');
            fs.mkdirSync(path.dirname(authCore), { recursive: true });
            fs.symlinkSync(path.join(repoRoot, 'node_modules', 'next-auth-v5', 'node_modules', '@auth', 'core'), authCore, 'dir');
          }

          const diagnostics = typecheckApp(dir, { checkJs: isJs });
          const unexpected = diagnostics.filter((d) => !d.startsWith(CONTROL));
          assert.deepStrictEqual(unexpected, [], `placed: ${placed.map((p) => p.file).join(', ')}`);

          // What `nextauth-scaffold check <app>` reports: nothing in the snippets (with the app's own JWT
          // augmentation read from next-auth.d.ts), and the control file's leak.
          const nodeFs = new NodeFileSystem();
          if (!isJs) {
            // The analyzer reads the snippet's augmentation, so it knows the JWT carries a refresh token.
            const fields = readJwtAugmentation(nodeFs, dir)?.fields.map((f) => f.name).sort();
            assert.deepStrictEqual(fields, ['accessToken', 'accessTokenExpires', 'error', 'refreshToken']);
          }
          const report = checkPaths(nodeFs, [dir]);
          assert.deepStrictEqual(report.unreadable, []);
          assert.ok(report.filesChecked >= placed.length, `checked ${report.filesChecked} of ${placed.length} files`);
          assert.deepStrictEqual(
            report.findings.map((f) => `${path.relative(dir, f.file)}:${f.line} ${f.rule}`),
            isJs ? [] : [`${CONTROL}:7 session-exposes-refresh-token`],
          );
          if (!isJs) {
            const control = diagnostics.filter((d) => d.startsWith(CONTROL));
            assert.deepStrictEqual(control.map((d) => d.replace(/ Property .*/, '')), [`${CONTROL}:7:15`, `${CONTROL}:12:68`], control.join('\n'));
            assert.ok(control.every((d) => /'refreshToken' does not exist on type/.test(d)), control.join('\n'));
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
});
