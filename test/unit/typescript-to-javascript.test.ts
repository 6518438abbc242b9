// Issue 12: the TypeScript templates are the one source; the JavaScript files are derived from them.
import * as assert from 'assert';
import { ts } from 'ts-morph';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { settingsValues } from '../../src/core/scaffold/auth-template';
import { loadTemplate, renderableTemplates, renderTemplate, renderTemplateFile, typeScriptSourceOf } from '../../src/core/scaffold/templates';
import { typeScriptToJavaScript } from '../../src/core/scaffold/typescript-to-javascript';

const EXTRA_VALUES = { authImport: '"@/lib/auth"', optionsName: 'authOptions', authBasePath: '"/api/auth"', matcher: '["/dashboard/:path*"]', middlewareExport: 'middleware' };

/**
 * The code of a module as the compiler emits it (types and comments stripped by ts.transpileModule),
 * as a tree of node kinds, names and literal texts; parentheses are left out so a JSDoc cast's
 * `(e)` and the original `(e as T)` compare equal, while the tree still pins precedence.
 */
function emittedCode(text: string, fileName: string): string {
  const output = ts.transpileModule(text, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.Preserve, removeComments: true },
  }).outputText;
  const source = ts.createSourceFile('emitted.jsx', output, ts.ScriptTarget.Latest, true, ts.ScriptKind.JSX);
  const parts: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isParenthesizedExpression(node)) return visit(node.expression);
    const leaf = node.getChildCount(source) === 0;
    parts.push(leaf ? `${ts.SyntaxKind[node.kind]}:${node.getText(source)}` : ts.SyntaxKind[node.kind]);
    if (!leaf) {
      parts.push('(');
      node.getChildren(source).forEach(visit);
      parts.push(')');
    }
  };
  visit(source);
  return parts.join(' ');
}

function parseErrors(text: string, fileName: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS);
  return (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

describe('JavaScript templates derived from the TypeScript ones', () => {
  const derived = renderableTemplates().filter((t) => /\.jsx?$/.test(t));

  it('every TypeScript template has its JavaScript form, and no JavaScript twin is kept by hand', () => {
    assert.ok(derived.includes('v4/auth-options.js') && derived.includes('v5/auth.js') && derived.includes('shared/login-page-app.jsx'), derived.join(', '));
    assert.ok(!renderableTemplates().some((t) => /\.jsx?$/.test(t) && !derived.includes(t)));
  });

  for (const file of derived) {
    it(`${file}: plain JavaScript that runs exactly the code of ${typeScriptSourceOf(file)}`, () => {
      for (const major of [4, 5] as const) {
        for (const exposeAccessToken of [true, false]) {
          for (const optionsDefaultExport of [true, false]) {
            const values = { ...settingsValues({ ...DEFAULT_SETTINGS, exposeAccessToken }, major), ...EXTRA_VALUES, optionsDefaultExport };
            const javaScript = renderTemplateFile(file, values);
            assert.deepStrictEqual(parseErrors(javaScript, file), [], javaScript);
            assert.ok(!/^import type|\binterface \w+ \{|^type \w+ =|\bas (unknown|const)\b/m.test(javaScript), `${file} keeps TypeScript syntax`);
            // The code the compiler emits for the TypeScript template (its `{{#js}}` sections on) is the JavaScript file's.
            const typeScript = renderTemplate(loadTemplate(typeScriptSourceOf(file)), { ...values, js: true });
            assert.strictEqual(emittedCode(javaScript, file), emittedCode(typeScript, typeScriptSourceOf(file)), `${file} does not run the code of its TypeScript source`);
          }
        }
      }
    });
  }

  describe('typeScriptToJavaScript', () => {
    const convert = (text: string, fileName = 'x.ts') => typeScriptToJavaScript(text, fileName);

    it('moves parameter, return and variable types into JSDoc, joining an existing doc comment', () => {
      assert.strictEqual(
        convert('/** Adds. */\nexport function add(a: number, b?: number): number {\n  const sum: number = a + (b ?? 0);\n  return sum;\n}\n'),
        '/**\n * Adds.\n * @param {number} a\n * @param {number} [b]\n * @returns {number}\n */\nexport function add(a, b) {\n  /** @type {number} */\n  const sum = a + (b ?? 0);\n  return sum;\n}\n',
      );
      assert.strictEqual(convert('function f({ x }: Props) {\n  return x;\n}\n'), '/** @param {Props} props */\nfunction f({ x }) {\n  return x;\n}\n');
    });

    it('turns type-only imports, type aliases and interfaces into import() types and @typedef', () => {
      const text = [
        'import type { User } from "next-auth";',
        'import { a, type B } from "m";',
        '',
        'type Pair = { user: User; b: B };',
        '',
        '/** Tokens. */',
        'interface Tokens {',
        '  readonly access: string;',
        '  refresh?: string;',
        '  run(key: string): Promise<User>;',
        '}',
        'export const x = a;',
        '',
      ].join('\n');
      assert.strictEqual(
        convert(text),
        [
          'import { a } from "m";',
          '',
          '/** @typedef {{ user: import("next-auth").User, b: import("m").B }} Pair */',
          '',
          '/**',
          ' * Tokens.',
          ' * @typedef {object} Tokens',
          ' * @property {string} access',
          ' * @property {string} [refresh]',
          ' * @property {(key: string) => Promise<import("next-auth").User>} run',
          ' */',
          'export const x = a;',
          '',
        ].join('\n'),
      );
    });

    it('writes `as`, type arguments and `!` as JSDoc casts', () => {
      assert.strictEqual(convert('const e = (s as { error?: unknown }).error;\n'), 'const e = /** @type {{ error?: unknown }} */ (s).error;\n');
      assert.strictEqual(convert('const [v] = useState<string | null>(null);\n'), 'const [v] = useState(/** @type {string | null} */ (null));\n');
      assert.strictEqual(convert('function f() {\n  const m = new Map<string, { n: number; }>();\n  return m!;\n}\n'), 'function f() {\n  /** @type {Map<string, { n: number }>} */\n  const m = new Map();\n  return m;\n}\n');
      assert.strictEqual(convert('p.catch((): R => ({ kind: "failed" }));\n'), 'p.catch(() => /** @type {R} */ ({ kind: "failed" }));\n');
    });

    it('turns a function declaration\'s type parameters into @template tags (issue 14: the Redis store is generic over the outcome)', () => {
      assert.strictEqual(
        convert('/** Keeps the kind. */\nexport function keep<O extends { kind: string }, K>(local: { run(): Promise<O> }, key: K): Promise<O> {\n  return local.run();\n}\n'),
        '/**\n * Keeps the kind.\n * @template {{ kind: string }} O\n * @template K\n * @param {{ run(): Promise<O> }} local\n * @param {K} key\n * @returns {Promise<O>}\n */\nexport function keep(local, key) {\n  return local.run();\n}\n',
      );
    });

    it('refuses what it has no JavaScript form for, naming the line', () => {
      assert.throws(() => convert('const a = 1;\nenum E { A }\n'), /x\.ts:2: the TypeScript template uses EnumDeclaration/);
      assert.throws(() => convert('const id = function <T>(x) {\n  return x;\n};\n'), /x\.ts:1: .*type parameters/);
      assert.throws(() => convert('function id<T = string>(x: T): T {\n  return x;\n}\n'), /x\.ts:1: .*gives the type parameter T a default/);
      assert.throws(() => convert('const f = (x: number) => x;\n'), /types a parameter of a function expression/);
      assert.throws(() => convert('const x = {;\n'), /does not parse/);
    });
  });
});
