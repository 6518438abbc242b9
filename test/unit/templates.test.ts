import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeSource } from '../../src/core/analyze';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { loadAuthTemplate, settingsValues } from '../../src/core/scaffold/auth-template';
import { EditableSource } from '../../src/core/scaffold/editable-source';
import { DEFAULT_STYLE } from '../../src/core/scaffold/source-style';
import { includePartials, loadTemplate, renderableTemplates, renderTemplate, renderTemplateFile, templatesRoot } from '../../src/core/scaffold/templates';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Every template file, relative to templates/, POSIX. */
function allTemplates(): string[] {
  const root = templatesRoot();
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.relative(root, path.join(dir, e.name)).split(path.sep).join('/')]));
  return walk(root);
}

const EXTRA_VALUES = { authImport: '"@/lib/auth"', optionsName: 'authOptions', optionsDefaultExport: false, authBasePath: '"/api/auth"', matcher: '["/dashboard/:path*"]', middlewareExport: 'middleware' };

describe('templates', () => {
  it('templatesRoot finds templates/ from the sources, from dist/ and from an installed extension', () => {
    assert.strictEqual(templatesRoot(), path.join(repoRoot, 'templates'));
    assert.strictEqual(templatesRoot(path.join(repoRoot, 'dist')), path.join(repoRoot, 'templates'));
    const extension = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-scaffold-ext-'));
    fs.mkdirSync(path.join(extension, 'dist'));
    fs.mkdirSync(path.join(extension, 'templates'));
    fs.writeFileSync(path.join(extension, 'package.json'), '{}');
    assert.strictEqual(templatesRoot(path.join(extension, 'dist')), path.join(extension, 'templates'));
    fs.rmSync(extension, { recursive: true });
  });

  it('renderTemplate fills values and keeps or drops sections', () => {
    const template = 'a {{x}}\n{{#on}}\nkept\n{{/on}}\n{{^on}}\ndropped\n{{/on}}\nend';
    assert.strictEqual(renderTemplate(template, { x: 'one', on: true }), 'a one\nkept\nend');
    assert.strictEqual(renderTemplate(template, { x: 'one', on: false }), 'a one\ndropped\nend');
    assert.throws(() => renderTemplate('{{missing}}', {}), /missing/);
    assert.throws(() => renderTemplate('{{#open}}\nx', { open: true }), /not closed/);
  });

  it('renderTemplate: CRLF section lines and {{ name }} with spaces render; leftovers and unsafe values fail the render (issue 12)', () => {
    assert.strictEqual(renderTemplate('a {{ x }}\r\n{{#on}}\r\nkept\r\n{{/on}}\r\n{{! note }}\r\nend', { x: 'one', on: true }), 'a one\r\nkept\r\nend');
    assert.throws(() => renderTemplate('a {{#on}}inline{{/on}}', { on: true }), /leaves "\{\{#on\}\}inline/);
    assert.throws(() => renderTemplate('call({{x}})', { x: 'a b' }), /not a string literal, a list of them or an identifier/);
    assert.throws(() => renderTemplate('call({{x}})', { x: 'x); evil(' }), /not a string literal/);
    assert.throws(() => renderTemplate('call("{{x}}")', { x: '"/login"' }), /is a string literal already: write it without quotes/);
    assert.strictEqual(renderTemplate('call({{x}}, {{list}})', { x: '"/a*/b"', list: '["/x", "/y"]' }), 'call("/a*/b", ["/x", "/y"])');
    assert.strictEqual(renderTemplate('/** {{ children: React.ReactNode }} */', {}), '/** {{ children: React.ReactNode }} */', 'JSDoc braces are not tags');
  });

  it('.gitattributes keeps templates LF in every checkout', () => {
    assert.match(fs.readFileSync(path.join(repoRoot, '.gitattributes'), 'utf8'), /^templates\/\*\* text eol=lf$/m);
  });

  it('renderTemplate drops {{! comment }} lines', () => {
    assert.strictEqual(renderTemplate('{{! for template readers }}\na {{x}}\n  {{! indented too }}\nb', { x: 'one' }), 'a one\nb');
  });

  describe('partials', () => {
    const files: Record<string, string> = {
      'page.ts': 'start\n  {{> parts/outer.ts}}\nend\n',
      'parts/outer.ts': 'outer {{who}}\n\n{{> parts/inner.ts}}\n',
      'parts/inner.ts': '{{#on}}\ninner {{who}}\n{{/on}}\n{{^on}}\noff\n{{/on}}\n',
      'cycle-a.ts': '{{> cycle-b.ts}}\n',
      'cycle-b.ts': 'x\n{{> cycle-a.ts}}\n',
      'missing.ts': 'a\n{{> parts/nope.ts}}\n',
      'inline.ts': 'a {{> parts/inner.ts}}\n',
    };
    const read = (name: string): string | undefined => files[name];
    const load = (name: string): string => includePartials(name, files[name], read);

    it('includes nested partials, indented like the directive, without their final newline', () => {
      assert.strictEqual(load('page.ts'), 'start\n  outer {{who}}\n\n  {{#on}}\n  inner {{who}}\n  {{/on}}\n  {{^on}}\n  off\n  {{/on}}\nend\n');
    });

    it('fills placeholders and sections inside partials when rendering', () => {
      assert.strictEqual(renderTemplate(load('page.ts'), { who: 'me', on: true }), 'start\n  outer me\n\n  inner me\nend\n');
      assert.strictEqual(renderTemplate(load('page.ts'), { who: 'you', on: false }), 'start\n  outer you\n\n  off\nend\n');
      assert.throws(() => renderTemplate(load('page.ts'), { on: true }), /\{\{who\}\} is not defined/);
    });

    it('a missing partial is a clear error naming the partial and who includes it', () => {
      assert.throws(() => load('missing.ts'), /Template missing\.ts includes the partial parts\/nope\.ts, which does not exist/);
    });

    it('refuses cycles and partials inside a line', () => {
      assert.throws(() => load('cycle-a.ts'), /include each other: cycle-a\.ts -> cycle-b\.ts -> cycle-a\.ts/);
      assert.throws(() => load('inline.ts'), /must stand alone on its line/);
    });

    it('keeps CRLF line ends', () => {
      const crlf = { 'p.ts': 'a\r\n  b\r\n' };
      assert.strictEqual(includePartials('t.ts', 'x\r\n  {{> p.ts}}\r\ny\r\n', (n) => crlf[n as 'p.ts']), 'x\r\n  a\r\n    b\r\ny\r\n');
    });

    it('loadTemplate resolves the shipped partials, leaving no directive behind', () => {
      for (const name of allTemplates()) assert.ok(!loadTemplate(name).includes('{{>'), name);
      assert.ok(loadTemplate('v4/auth-options.ts').includes('async function postToAuthBackend('));
      assert.ok(loadTemplate('shared/login-page-pages.tsx').includes('\n      const result = await signIn("credentials", {\n'));
      assert.throws(() => loadTemplate('v4/no-such-template.ts'), /No template v4\/no-such-template\.ts/);
    });
  });

  for (const name of renderableTemplates()) {
    it(`${name} renders for v4 and v5 and parses`, () => {
      for (const major of [4, 5] as const) {
        const text = renderTemplateFile(name, { ...settingsValues(DEFAULT_SETTINGS, major), ...EXTRA_VALUES });
        assert.ok(!/\{\{[#^\/]?\w+\}\}/.test(text), `${name} left a placeholder`);
        assert.doesNotThrow(() => new EditableSource(`/app/${path.basename(name)}`, text));
      }
    });
  }

  for (const major of [4, 5] as const) {
    for (const language of ['ts', 'js'] as const) {
      it(`the v${major} ${language} auth options leak nothing to the browser, with or without the access token`, () => {
        for (const exposeAccessToken of [true, false]) {
          const template = loadAuthTemplate(major, language, { ...DEFAULT_SETTINGS, exposeAccessToken }, DEFAULT_STYLE);
          assert.deepStrictEqual(analyzeSource(`/app/auth.${language}`, template.text), []);
          const session = template.callbacks.get('session')!.text;
          assert.strictEqual(session.includes('accessToken: token.accessToken'), exposeAccessToken);
          assert.ok(!/refresh/i.test(session.replace(/\/\/.*$/gm, '')), 'the session callback never touches the refresh token');
        }
      });
    }
    it(`the v${major} TypeScript and JavaScript auth options declare the same helpers`, () => {
      const names = (language: 'ts' | 'js') => loadAuthTemplate(major, language, DEFAULT_SETTINGS, DEFAULT_STYLE).helpers.flatMap((h) => h.names).filter((n) => n !== 'BackendUser').sort();
      assert.deepStrictEqual(names('js'), names('ts'));
    });
  }

  it('uses the settings: env var, endpoints, credential fields', () => {
    const settings = { ...DEFAULT_SETTINGS, apiBaseUrlEnv: 'BACKEND_URL', loginPath: '/auth/token', refreshPath: '/auth/refresh', usernameField: 'userName', passwordField: 'secret' };
    const text = loadAuthTemplate(5, 'ts', settings, DEFAULT_STYLE).text;
    assert.ok(text.includes('process.env.BACKEND_URL'));
    assert.ok(text.includes('postToAuthBackend("/auth/token", { "userName": username, "secret": password })'));
    assert.ok(loadAuthTemplate(4, 'js', DEFAULT_SETTINGS, DEFAULT_STYLE).text.includes('postToAuthBackend("/login", { "email": username, "password": password })'));
    assert.ok(text.includes('postToAuthBackend("/auth/refresh", { refreshToken })'));
    assert.ok(text.includes('"userName": { label: "User name", type: "text" }'));
    assert.ok(text.includes('const password = credentials["secret"];'));
    assert.ok(!/API_BASE_URL|postToAuthBackend\("\/login"|"email": \{/.test(text));
    assert.ok(text.includes('signIn: "/login"'), 'the Next.js login page stays at /login');
  });

  it('v5 validates credentials without casts and throws a CredentialsSignin with a code', () => {
    const text = loadAuthTemplate(5, 'ts', DEFAULT_SETTINGS, DEFAULT_STYLE).text;
    assert.ok(!/as string/.test(text));
    assert.match(text, /class InvalidCredentialsError extends CredentialsSignin \{\n  code = "invalid_credentials";\n\}/);
  });

  it('v4 and v5 end a refused refresh the same way: the token keeps error "RefreshAccessTokenError", nobody returns null', () => {
    for (const major of [4, 5] as const) {
      for (const language of ['ts', 'js'] as const) {
        const text = loadAuthTemplate(major, language, DEFAULT_SETTINGS, DEFAULT_STYLE).text;
        assert.match(text, /if \(outcome\.kind === "refused"\) return \{ \.\.\.token, error: "RefreshAccessTokenError" \};/);
        assert.match(text, /if \(token\.error === "RefreshAccessTokenError"\) return token;/, 'a refused session is never refreshed again');
        assert.ok(!/return null;\s*\n\s*\}\s*\n\s*\/\/ Signed in some other way/.test(text) && !/"rejected"/.test(text), `v${major} ${language}`);
      }
    }
  });

  it('the error log lines never print a password or a token', () => {
    for (const major of [4, 5] as const) {
      for (const language of ['ts', 'js'] as const) {
        const text = loadAuthTemplate(major, language, DEFAULT_SETTINGS, DEFAULT_STYLE).text;
        for (const line of text.split('\n').filter((l) => l.includes('console.'))) {
          assert.ok(!/password|refreshToken|accessToken|body\)|credentials/.test(line.replace(/"[^"]*"/g, '')), line);
        }
      }
    }
  });
});
