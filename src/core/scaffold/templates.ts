import * as fs from 'fs';
import * as path from 'path';

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

/** Whether `templates/<relativePath>` exists (a choice between variants; loading it reports its own errors). */
export function hasTemplate(relativePath: string): boolean {
  return cache.has(relativePath) || fs.existsSync(path.join(templatesRoot(), ...relativePath.split('/')));
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

/** Values for a template: strings fill `{{name}}`, booleans switch `{{#name}}`/`{{^name}}` sections. */
export type TemplateValues = Readonly<Record<string, string | boolean>>;

const SECTION = /^[ \t]*\{\{([#^/])(\w+)\}\}[ \t]*$/;
const COMMENT = /^[ \t]*\{\{!.*\}\}[ \t]*\r?$/;

/**
 * Renders a template: a line `{{#flag}}` … `{{/flag}}` keeps the lines between only when `flag` is true
 * (`{{^flag}}` when it is false); a line `{{! note }}` is a comment for template readers and is dropped;
 * `{{name}}` anywhere is replaced by its string value. A name the values
 * do not define is a programming error and throws, so a typo never ships as literal braces.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  const out: string[] = [];
  const open: Array<{ name: string; keep: boolean }> = [];
  for (const line of template.split('\n')) {
    if (COMMENT.test(line)) continue;
    const section = SECTION.exec(line);
    if (section) {
      const [, mark, name] = section;
      if (mark === '/') {
        if (open.pop()?.name !== name) throw new Error(`Template section {{/${name}}} closes nothing.`);
      } else {
        const value = values[name];
        if (typeof value !== 'boolean') throw new Error(`Template section {{${mark}${name}}} needs a boolean value.`);
        open.push({ name, keep: mark === '#' ? value : !value });
      }
      continue;
    }
    if (open.some((s) => !s.keep)) continue;
    out.push(
      line.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
        const value = values[name];
        if (typeof value !== 'string') throw new Error(`Template value {{${name}}} is not defined.`);
        return value;
      }),
    );
  }
  if (open.length > 0) throw new Error(`Template section {{#${open[open.length - 1].name}}} is not closed.`);
  return out.join('\n');
}
