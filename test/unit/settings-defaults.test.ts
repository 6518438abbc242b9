// Issue 12: the setting defaults are written in three places (package.json for the Settings UI,
// core/settings.ts for the CLI, vscode/settings.ts for the extension, which must not load the engine to read
// them). This pins the three to each other.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ts } from 'ts-morph';
import { DEFAULT_SETTINGS, REFRESH_STORES, settingProblems, type ScaffoldSettings } from '../../src/core/settings';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Setting key (without the `nextauthScaffold.` section) → ScaffoldSettings field. */
const FIELDS: Readonly<Record<string, keyof ScaffoldSettings>> = {
  apiBaseUrlEnv: 'apiBaseUrlEnv',
  loginPath: 'loginPath',
  refreshPath: 'refreshPath',
  usernameField: 'usernameField',
  passwordField: 'passwordField',
  'session.exposeAccessToken': 'exposeAccessToken',
  refreshStore: 'refreshStore',
};

/** `config.get<T>('key', default)` calls in src/vscode/settings.ts: key → the default's literal value. */
function vscodeDefaults(): Map<string, unknown> {
  const file = path.join(repoRoot, 'src', 'vscode', 'settings.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = new Map<string, unknown>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'get' && node.arguments.length === 2 && ts.isStringLiteral(node.arguments[0])) {
      const value = node.arguments[1];
      const literal = ts.isStringLiteral(value) ? value.text : value.kind === ts.SyntaxKind.TrueKeyword ? true : value.kind === ts.SyntaxKind.FalseKeyword ? false : ts.isArrayLiteralExpression(value) && value.elements.length === 0 ? [] : value.getText(source);
      found.set(node.arguments[0].text, literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('settings: the defaults agree everywhere', () => {
  const properties = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown; pattern?: string }> } } }).contributes.configuration.properties;

  it('package.json, core DEFAULT_SETTINGS and vscode/settings.ts hold the same default for every scaffold setting', () => {
    const inVscode = vscodeDefaults();
    for (const [key, field] of Object.entries(FIELDS)) {
      assert.deepStrictEqual(properties[`nextauthScaffold.${key}`]?.default, DEFAULT_SETTINGS[field], `package.json ${key}`);
      assert.deepStrictEqual(inVscode.get(key), DEFAULT_SETTINGS[field], `vscode/settings.ts ${key}`);
    }
    assert.deepStrictEqual(Object.keys(DEFAULT_SETTINGS).sort(), Object.values(FIELDS).sort(), 'a setting without a contributed default');
  });

  it('the diagnostics and session lens defaults in package.json and vscode/settings.ts agree', () => {
    const inVscode = vscodeDefaults();
    for (const key of ['diagnostics.enabled', 'diagnostics.severity', 'diagnostics.sensitiveFields', 'sessionLens.enabled']) {
      assert.deepStrictEqual(inVscode.get(key), properties[`nextauthScaffold.${key}`].default, key);
    }
  });

  it('the defaults pass their own grammars, and package.json patterns accept them', () => {
    assert.deepStrictEqual(settingProblems(DEFAULT_SETTINGS), []);
    for (const [key, field] of Object.entries(FIELDS)) {
      const pattern = properties[`nextauthScaffold.${key}`].pattern;
      if (pattern) assert.match(String(DEFAULT_SETTINGS[field]), new RegExp(pattern), key);
    }
  });

  it('the refresh store: package.json offers exactly the stores core accepts, and core refuses others', () => {
    const property = properties['nextauthScaffold.refreshStore'] as { enum?: unknown };
    assert.deepStrictEqual(property.enum, [...REFRESH_STORES]);
    const problems = settingProblems({ ...DEFAULT_SETTINGS, refreshStore: 'memcached' as ScaffoldSettings['refreshStore'] });
    assert.deepStrictEqual(problems.map((p) => [p.setting, p.rule]), [['refreshStore', 'refresh-store']]);
    assert.match(problems[0].message, /"memcached" must be one of memory, redis/);
  });
});
