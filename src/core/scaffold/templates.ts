import * as fs from 'fs';
import * as path from 'path';
import { typeScriptToJavaScript } from './typescript-to-javascript';

/**
 * The folder holding the generators' templates: the first ancestor of `start` that contains both a
 * `package.json` and a `templates/` folder. That is the repository under tsx (src/core/scaffold), and
 * the extension root in the bundle (dist/engine.js) and in the installed .vsix.
 */
export function templatesRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'templates'))) return path.join(dir, 'templates');
    if (path.dirname(dir) === dir) throw new Error(`No templates/ folder next to a package.json above ${start}.`);
  }
}

const cache = new Map<string, string>();

/**
 * The text of `templates/<relativePath>` (POSIX separators), with its partials included, read once per
 * process. A line holding only `{{> partials/name.ts}}` (a path under templates/, extension included)
 * is replaced by that file's lines, each indented like the directive; partials may include partials.
 * `{{name}}` and sections inside a partial are filled by renderTemplate like the rest of the template.
 */
export function loadTemplate(relativePath: string): string {
  let text = cache.get(relativePath);
  if (text === undefined) {
    const own = readTemplateFile(relativePath);
    if (own === undefined) throw new Error(`No template ${relativePath} in ${templatesRoot()}.`);
    text = includePartials(relativePath, own, readTemplateFile);
    cache.set(relativePath, text);
  }
  return text;
}

/**
 * Whether `templates/<relativePath>` can be rendered (a choice between variants; loading it reports its
 * own errors). A `.js`/`.jsx` file can be when its TypeScript source exists (see renderTemplateFile).
 */
export function hasTemplate(relativePath: string): boolean {
  const file = typeScriptSourceOf(relativePath);
  return cache.has(file) || fs.existsSync(path.join(templatesRoot(), ...file.split('/')));
}

/**
 * The template file a generated file comes from: a JavaScript file (`x.js`, `x.jsx`) has no template
 * of its own, it is derived from `x.ts` / `x.tsx` (see renderTemplateFile); anything else is itself.
 */
export function typeScriptSourceOf(relativePath: string): string {
  return relativePath.replace(/\.js(x?)$/, '.ts$1');
}

/**
 * Every file the templates render on their own (partials are rendered inside them), POSIX paths under
 * templates/: each template, and the JavaScript form of each TypeScript one (`x.js` for `x.ts`, `x.jsx`
 * for `x.tsx`), which renderTemplateFile derives.
 */
export function renderableTemplates(): string[] {
  const root = templatesRoot();
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.relative(root, path.join(dir, e.name)).split(path.sep).join('/')]));
  const own = walk(root).filter((t) => !t.startsWith('partials/')).sort();
  return [...own, ...own.filter((t) => /\.tsx?$/.test(t)).map((t) => t.replace(/\.ts(x?)$/, '.js$1'))];
}

/**
 * Renders `templates/<relativePath>` with `values` (see renderTemplate). A `.js`/`.jsx` path renders the
 * TypeScript template with `js: true` and converts the result to JavaScript with JSDoc types
 * (typeScriptToJavaScript), so one template serves both languages; `{{#js}}`/`{{^js}}` sections hold
 * what differs beyond the types. Plain-JavaScript partials (`{{> partials/x.js}}`) are included as they are.
 */
export function renderTemplateFile(relativePath: string, values: TemplateValues): string {
  const javaScript = /\.jsx?$/.test(relativePath);
  const rendered = renderTemplate(loadTemplate(typeScriptSourceOf(relativePath)), { ...values, js: javaScript });
  return javaScript ? typeScriptToJavaScript(rendered, relativePath) : rendered;
}

/** The raw text of a file under templates/, or undefined when there is none. */
function readTemplateFile(relativePath: string): string | undefined {
  try {
    return fs.readFileSync(path.join(templatesRoot(), ...relativePath.split('/')), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const PARTIAL = /^([ \t]*)\{\{>\s*([^\s{}]+)\s*\}\}[ \t]*(\r?)$/;

/**
 * `text` (the template `name`) with every partial directive replaced by the partial's lines, indented
 * like the directive, recursively. `read` gives a partial's raw text by its path under templates/, or
 * undefined when it does not exist. Throws on a missing partial, a cycle, or `{{>` inside a line.
 */
export function includePartials(name: string, text: string, read: (relativePath: string) => string | undefined, including: readonly string[] = [name]): string {
  return text
    .split('\n')
    .map((line) => {
      const directive = PARTIAL.exec(line);
      if (!directive) {
        if (line.includes('{{>')) throw new Error(`Template ${name}: a partial must stand alone on its line: ${line.trim()}`);
        return line;
      }
      const [, indent, partial, carriageReturn] = directive;
      if (including.includes(partial)) throw new Error(`Template partials include each other: ${[...including, partial].join(' -> ')}.`);
      const partialText = read(partial);
      if (partialText === undefined) throw new Error(`Template ${name} includes the partial ${partial}, which does not exist.`);
      // The partial's final newline ends its last line; the directive's own line break follows it.
      const body = includePartials(partial, partialText.replace(/\r?\n$/, ''), read, [...including, partial]);
      return (
        body
          .split('\n')
          .map((l) => (l.trim() === '' ? l : indent + l))
          .join('\n') + carriageReturn
      );
    })
    .join('\n');
}

/**
 * Values for a template: strings fill `{{name}}`, booleans switch `{{#name}}`/`{{^name}}` sections. A
 * string value is code, so it must be one of three safe shapes (renderTemplate refuses anything else):
 * a `JSON.stringify`-ed string literal (`"/login"`, quotes included), a JSON array of such literals
 * (`["/dashboard/:path*"]`), or a plain identifier (`middleware`, an env var name after `process.env.`).
 */
export type TemplateValues = Readonly<Record<string, string | boolean>>;

const SECTION = /^[ \t]*\{\{\s*([#^/])\s*(\w+)\s*\}\}[ \t]*\r?$/;
const COMMENT = /^[ \t]*\{\{!.*\}\}[ \t]*\r?$/;
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
/** What a finished render must not contain: an unhandled section or comment tag, or a placeholder. */
const LEFTOVER = /\{\{\s*[#^/!>]|\{\{\s*\w+\s*\}\}/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Which safe shape a value has (see TemplateValues), or undefined when it has none. */
function valueShape(value: string): 'literal' | 'identifier' | undefined {
  if (IDENTIFIER.test(value)) return 'identifier';
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed === 'string') return JSON.stringify(parsed) === value ? 'literal' : undefined;
  if (Array.isArray(parsed) && parsed.every((item): item is string => typeof item === 'string')) {
    return `[${parsed.map((item) => JSON.stringify(item)).join(', ')}]` === value ? 'literal' : undefined;
  }
  return undefined;
}

/**
 * Renders a template: a line `{{#flag}}` … `{{/flag}}` keeps the lines between only when `flag` is true
 * (`{{^flag}}` when it is false); a line `{{! note }}` is a comment for template readers and is dropped;
 * `{{name}}` (or `{{ name }}`) anywhere is replaced by its value. Section and comment lines may end in
 * CRLF. Throws (a programming error, so nothing broken ever ships) on a name the values do not define, a
 * value of no safe shape (see TemplateValues), a literal written inside quotes (`"{{loginPath}}"`), and
 * a render that leaves a tag behind (an inline section, `{{> partial}}` or `{{x}}`).
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  const out: string[] = [];
  const open: Array<{ name: string; keep: boolean }> = [];
  const lines = template.split('\n');
  lines.forEach((line, index) => {
    if (COMMENT.test(line)) return;
    const section = SECTION.exec(line);
    if (section) {
      const [, mark, name] = section;
      if (mark === '/') {
        if (open.pop()?.name !== name) throw new Error(`Template section {{/${name}}} closes nothing (line ${index + 1}).`);
      } else {
        const value = values[name];
        if (typeof value !== 'boolean') throw new Error(`Template section {{${mark}${name}}} needs a boolean value.`);
        open.push({ name, keep: mark === '#' ? value : !value });
      }
      return;
    }
    if (open.some((s) => !s.keep)) return;
    const rendered = line.replace(PLACEHOLDER, (match: string, name: string, offset: number) => {
      const value = values[name];
      if (typeof value !== 'string') throw new Error(`Template value {{${name}}} is not defined.`);
      const shape = valueShape(value);
      if (shape === undefined) throw new Error(`Template value {{${name}}} is not a string literal, a list of them or an identifier: ${JSON.stringify(value)}.`);
      const around = line.charAt(offset - 1) + line.charAt(offset + match.length);
      if (shape === 'literal' && /["'`]/.test(around)) throw new Error(`Template value {{${name}}} is a string literal already: write it without quotes around it (line ${index + 1}).`);
      return value;
    });
    const leftover = LEFTOVER.exec(rendered);
    if (leftover) throw new Error(`Template line ${index + 1} leaves "${rendered.slice(leftover.index, leftover.index + 20).trim()}" unrendered: sections stand alone on their line, and every {{name}} needs a value.`);
    out.push(rendered);
  });
  if (open.length > 0) throw new Error(`Template section {{#${open[open.length - 1].name}}} is not closed.`);
  return out.join('\n');
}
