// Issue 9 item 1: a setting can never inject code. Every value is checked against its grammar, refused
// values are named with the rule they broke, and the values that pass reach generated code only inside
// string literals (the env var name also as `process.env.NAME`, which its grammar keeps an identifier).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { main } from '../../src/cli/main';
import { DEFAULT_SETTINGS, matcherProblems, settingProblems, validateSettings, type ScaffoldSettings } from '../../src/core/settings';
import { loadAuthTemplate, settingsValues } from '../../src/core/scaffold/auth-template';
import { DEFAULT_STYLE } from '../../src/core/scaffold/source-style';
import { renderableTemplates, renderTemplateFile } from '../../src/core/scaffold/templates';
import { scriptKindOf } from '../../src/core/ts-syntax';
import { copyToTemp } from '../support/typecheck';
import { fakeIO, FIXTURE_APPS, snapshot } from './cli-support';

const EXTRA = { authImport: JSON.stringify('@/lib/auth'), optionsName: 'authOptions', optionsDefaultExport: false, authBasePath: '"/api/auth"', matcher: '["/dashboard/:path*"]', middlewareExport: 'middleware' };

/** [start, end) of every string literal in the file (JSX attribute strings and `{"…"}` included). */
function stringLiteralRanges(file: string, text: string): Array<[number, number]> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
  const ranges: Array<[number, number]> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ranges.push([node.getStart(source) + 1, node.end - 1]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return ranges;
}

function parseErrors(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
  return ((source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

/** Every occurrence of `value` in `text`: inside a string literal, or `process.env.<value>` for the env name. */
function misplacedOccurrences(file: string, text: string, value: string, envName: boolean): number[] {
  const ranges = stringLiteralRanges(file, text);
  const bad: number[] = [];
  for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) {
    const inLiteral = ranges.some(([start, end]) => at >= start && at + value.length <= end);
    const asEnvAccess = envName && text.slice(Math.max(0, at - 12), at) === 'process.env.' && !/[\w$]/.test(text.charAt(at + value.length));
    if (!inLiteral && !asEnvAccess) bad.push(at);
  }
  return bad;
}

/** Renders every template and the four auth templates with `settings`. */
function renderAll(settings: ScaffoldSettings): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const major of [4, 5] as const) {
    const values = { ...settingsValues(settings, major), ...EXTRA };
    for (const template of renderableTemplates()) out.push({ file: template, text: renderTemplateFile(template, values) });
    for (const language of ['ts', 'js'] as const) out.push({ file: `auth-v${major}.${language}`, text: loadAuthTemplate(major, language, settings, DEFAULT_STYLE).text });
  }
  return out;
}

describe('safety: settings reach generated code only as validated literals', () => {
  it('the reported injection (--login-path closing a JSDoc comment) is refused, named with its rule; nothing written', async () => {
    const dir = copyToTemp(path.join(FIXTURE_APPS, 'app-router-src'));
    const before = snapshot(dir);
    const payload = "/a*/;require('child_process').execSync('touch pwned');/*";
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes', '--login-path', payload], fake.io), 2);
    assert.match(fake.err.join('\n'), /login path ".*" must be a URL path.*\(rule url-path\)/);
    assert.doesNotMatch(fake.text(), /does not parse/);
    assert.deepStrictEqual(snapshot(dir), before);
    assert.ok(!fs.existsSync(path.join(dir, 'pwned')));
  });

  it('__proto__ and other Object.prototype names are refused as field and env names', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
      const field = settingProblems({ ...DEFAULT_SETTINGS, usernameField: name });
      assert.deepStrictEqual(field.map((p) => [p.setting, p.rule]), [['usernameField', 'field-name']], name);
      assert.match(field[0].message, /not a safe own-property key/);
      assert.deepStrictEqual(settingProblems({ ...DEFAULT_SETTINGS, passwordField: name }).map((p) => p.rule), ['field-name']);
    }
    assert.deepStrictEqual(settingProblems({ ...DEFAULT_SETTINGS, apiBaseUrlEnv: '__proto__' }).map((p) => p.rule), ['env-name']);
    const dir = copyToTemp(path.join(FIXTURE_APPS, 'app-router-src'));
    const before = snapshot(dir);
    const fake = fakeIO(dir);
    assert.strictEqual(await main(['init', '--yes', '--username-field', '__proto__'], fake.io), 2);
    assert.match(fake.err.join('\n'), /username field "__proto__" is not a safe own-property key.*\(rule field-name\)/);
    assert.deepStrictEqual(snapshot(dir), before);
  });

  it('the grammars: URL paths, identifiers, env names, matchers', () => {
    const rules = (settings: Partial<ScaffoldSettings>) => settingProblems({ ...DEFAULT_SETTINGS, ...settings }).map((p) => p.rule);
    for (const good of ['/login', '/api/v1/auth/token', '/a-b_c.d~e', '/%7Euser/login', '/login/', '/']) assert.deepStrictEqual(rules({ loginPath: good }), [], good);
    for (const bad of ['login', '/a*/', '/a b', '/a"b', '/a\nb', "/a'", '/a`${x}`', '//evil.example', '/a/../b', '/./a', '/a//b', '/%zz', '/é', `/${'a'.repeat(100)}`]) {
      assert.deepStrictEqual(rules({ refreshPath: bad }), ['url-path'], bad);
    }
    for (const bad of ['1abc', 'a-b', 'a b', '', 'a.b', 'é']) assert.deepStrictEqual(rules({ usernameField: bad }), ['field-name'], bad);
    assert.deepStrictEqual(rules({ usernameField: 'pw', passwordField: 'pw' }), ['distinct-fields']);
    for (const bad of ['1X', 'A-B', 'A B', '']) assert.deepStrictEqual(rules({ apiBaseUrlEnv: bad }), ['env-name'], bad);
    assert.deepStrictEqual(matcherProblems(['/dashboard/:path*', '/((?!api|_next).*)', '/a/:id+']), []);
    assert.deepStrictEqual(matcherProblems(['dashboard', '/a"b', "/a'b", '/a\\b', '/a b', '/a`b']).map((p) => p.rule), Array(6).fill('route-matcher'));
    // A refusal quotes the value as JSON: a control character in it cannot reach the terminal raw.
    assert.ok(!/\u001b/.test(validateSettings({ ...DEFAULT_SETTINGS, loginPath: '/\u001b[2J' }).join('')));
  });

  it('random settings: a value validateSettings accepts renders in every template into code that parses, inside string literals only (property)', function () {
    this.timeout(300_000);
    const defaultText = renderAll(DEFAULT_SETTINGS).map((r) => r.text).join('\n');
    const nasty = fc.constantFrom('*/', '/*', '"', "'", '`', '${', '\\', '\n', '\u2028', '}', '{{x}}', '</script>', '__proto__', 'a*/b', '%2e');
    const pathValue = fc.oneof(
      { weight: 8, arbitrary: fc.stringMatching(/^(\/[A-Za-z0-9\-_~]{1,6}(%[0-9A-F]{2})?){1,3}\/?$/) },
      { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
      { weight: 1, arbitrary: fc.tuple(fc.stringMatching(/^\/[a-z]{1,6}$/), nasty).map(([a, b]) => a + b) },
    );
    const nameValue = fc.oneof(
      { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,10}$/) },
      { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
      { weight: 1, arbitrary: fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), nasty).map(([a, b]) => a + b) },
    );
    const envValue = fc.oneof({ weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{2,10}$/) }, { weight: 1, arbitrary: nameValue });
    const settings = fc.record({ apiBaseUrlEnv: envValue, loginPath: pathValue, refreshPath: pathValue, usernameField: nameValue, passwordField: nameValue, exposeAccessToken: fc.boolean(), refreshStore: fc.constantFrom('memory' as const, 'redis' as const) });
    let accepted = 0;
    fc.assert(
      fc.property(settings, (candidate) => {
        const problems = settingProblems(candidate);
        if (problems.length > 0) {
          // Each refusal names its rule and quotes the value.
          for (const problem of problems) assert.match(problem.message, /\(rule [a-z-]+\)\.$/);
          return;
        }
        accepted++;
        for (const { file, text } of renderAll(candidate)) {
          assert.deepStrictEqual(parseErrors(file, text), [], `${file} does not parse for ${JSON.stringify(candidate)}`);
          for (const key of ['loginPath', 'refreshPath', 'usernameField', 'passwordField', 'apiBaseUrlEnv'] as const) {
            const value = candidate[key];
            if (value.length < 3 || defaultText.includes(value)) continue; // too common to locate
            // Part of the env name, which is emitted as process.env.NAME (passwordField "L_1" in "_L_1_0"): checked as that.
            if (key !== 'apiBaseUrlEnv' && candidate.apiBaseUrlEnv.includes(value)) continue;
            assert.deepStrictEqual(misplacedOccurrences(file, text, value, key === 'apiBaseUrlEnv'), [], `${key} ${JSON.stringify(value)} outside a string literal in ${file}`);
          }
        }
      }),
      { numRuns: 150 },
    );
    assert.ok(accepted >= 20, `only ${accepted} random settings were valid: the generator does not exercise rendering`);
  });
});
