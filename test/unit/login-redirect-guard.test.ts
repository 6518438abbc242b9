import * as assert from 'assert';
import * as ts from 'typescript';
import { settingsValues } from '../../src/core/scaffold/auth-template';
import { renderTemplateFile } from '../../src/core/scaffold/templates';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

// The generated login page sends the user on to `callbackUrl` after signing in. callbackPath() must turn
// every value an attacker can put there into a path on this site: known open-redirect vectors (protocol-
// relative URLs, backslashes, encoded dots and slashes, tabs and newlines inside the scheme, userinfo,
// javascript:) go to "/" or stay a same-origin path. Each login page template is run as rendered.

const ORIGIN = 'https://app.example.com';

/** Values an attacker may put in ?callbackUrl= (decoded, as URLSearchParams hands them over). */
const VECTORS = [
  '//evil.com',
  '///evil.com',
  '////evil.com',
  '/\\evil.com',
  '\\/evil.com',
  '\\\\evil.com',
  '/.//evil.com',
  '/x/..//evil.com',
  '/%2e//evil.com',
  '/%2E%2E//evil.com',
  '/%2f%2fevil.com',
  '/%5cevil.com',
  '/./\\evil.com',
  'https://evil.com',
  'http://evil.com/dashboard',
  'HTTPS://evil.com',
  'https:evil.com',
  'https:/evil.com',
  '\thttps://evil.com',
  'ht\ttps://evil.com',
  'java\nscript:alert(1)',
  'javascript:alert(document.cookie)',
  ' javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  `${ORIGIN}@evil.com`,
  `${ORIGIN}.evil.com/`,
  `https://user:pass@evil.com/`,
  `${ORIGIN}//evil.com`,
  `${ORIGIN}/.//evil.com`,
  '//evil.com/%2F..',
  '/\t/evil.com',
  '/\n/evil.com',
  '//%09/evil.com',
  '\\/\\/evil.com',
  'https://app.example.com:8443/dashboard',
  'http://app.example.com/dashboard',
];

/** Same-site values that must keep working. */
const KEPT: Array<[string, string]> = [
  ['/dashboard', '/dashboard'],
  ['/dashboard?tab=orders#recent', '/dashboard?tab=orders#recent'],
  [`${ORIGIN}/account/settings`, '/account/settings'],
  ['dashboard', '/dashboard'],
  ['/a/../b', '/b'],
];

const LOGIN_PAGES = ['shared/login-page-app.tsx', 'shared/login-page-pages.tsx', 'shared/login-page-app.jsx', 'shared/login-page-pages.jsx'];

/** callbackPath() cut out of a rendered login page and compiled to run with a fake `window`. */
function callbackPathOf(template: string): (search: string) => string {
  const text = renderTemplateFile(template, settingsValues(DEFAULT_SETTINGS, 4));
  const start = text.indexOf('function callbackPath(');
  assert.ok(start >= 0, `${template} declares callbackPath()`);
  const source = ts.createSourceFile('page.tsx', text.slice(start), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const declaration = source.statements[0];
  assert.ok(declaration && ts.isFunctionDeclaration(declaration));
  const js = ts.transpileModule(declaration.getText(source), { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  return (search) => new Function('window', 'URL', 'URLSearchParams', `${js}\nreturn callbackPath();`)({ location: { search, origin: ORIGIN } }, URL, URLSearchParams) as string;
}

describe('login page redirect guard (callbackPath)', () => {
  it(`covers at least 25 known open-redirect vectors (${VECTORS.length})`, () => {
    assert.ok(VECTORS.length >= 25);
  });

  for (const template of LOGIN_PAGES) {
    describe(template, () => {
      const callbackPath = callbackPathOf(template);
      const run = (value: string) => callbackPath(`?${new URLSearchParams({ callbackUrl: value })}`);

      it('keeps every open-redirect vector on this site', () => {
        for (const vector of VECTORS) {
          const result = run(vector);
          const resolved = new URL(result, ORIGIN);
          assert.strictEqual(resolved.origin, ORIGIN, `${JSON.stringify(vector)} -> ${JSON.stringify(result)}`);
          assert.ok(result.startsWith('/') && !result.startsWith('//') && !result.startsWith('/\\'), `${JSON.stringify(vector)} -> ${JSON.stringify(result)}`);
          assert.ok(!/evil/.test(resolved.host), `${JSON.stringify(vector)} -> ${JSON.stringify(result)}`);
        }
      });

      it('keeps same-site paths, queries and fragments', () => {
        for (const [value, expected] of KEPT) assert.strictEqual(run(value), expected, value);
        assert.strictEqual(callbackPath(''), '/');
        assert.strictEqual(callbackPath('?callbackUrl='), '/');
      });
    });
  }
});
