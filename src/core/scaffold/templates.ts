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

/** The text of `templates/<relativePath>` (POSIX separators), read once per process. */
export function loadTemplate(relativePath: string): string {
  let text = cache.get(relativePath);
  if (text === undefined) {
    text = fs.readFileSync(path.join(templatesRoot(), ...relativePath.split('/')), 'utf8');
    cache.set(relativePath, text);
  }
  return text;
}

/** Values for a template: strings fill `{{name}}`, booleans switch `{{#name}}`/`{{^name}}` sections. */
export type TemplateValues = Readonly<Record<string, string | boolean>>;

const SECTION = /^[ \t]*\{\{([#^/])(\w+)\}\}[ \t]*$/;

/**
 * Renders a template: a line `{{#flag}}` … `{{/flag}}` keeps the lines between only when `flag` is true
 * (`{{^flag}}` when it is false); `{{name}}` anywhere is replaced by its string value. A name the values
 * do not define is a programming error and throws, so a typo never ships as literal braces.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  const out: string[] = [];
  const open: Array<{ name: string; keep: boolean }> = [];
  for (const line of template.split('\n')) {
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
