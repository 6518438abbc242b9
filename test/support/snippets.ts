import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * A small, strict implementation of VS Code's snippet syntax (TextMate grammar), so tests can expand
 * snippets with their defaults the way the editor inserts them before the user types anything:
 * `$1`, `${1}`, `${1:default}` (nested), `${1|a,b|}` (first choice), `$0`, `$VAR` / `${VAR}` /
 * `${VAR:default}`, and `\$`, `\}`, `\\` escapes (plus `\,` and `\|` inside choices).
 *
 * Stricter than the editor on purpose: a `$` that starts no valid construct, a transform, or an
 * unknown variable throws, where VS Code would silently insert text the author did not mean.
 */
export type SnippetNode =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'tabstop'; readonly index: number; readonly children?: readonly SnippetNode[] }
  | { readonly kind: 'choice'; readonly index: number; readonly options: readonly string[] }
  | { readonly kind: 'variable'; readonly name: string; readonly children?: readonly SnippetNode[] };

/** Variables VS Code resolves (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_variables). */
export const KNOWN_VARIABLES: ReadonlySet<string> = new Set([
  'TM_SELECTED_TEXT', 'TM_CURRENT_LINE', 'TM_CURRENT_WORD', 'TM_LINE_INDEX', 'TM_LINE_NUMBER', 'TM_FILENAME',
  'TM_FILENAME_BASE', 'TM_DIRECTORY', 'TM_FILEPATH', 'RELATIVE_FILEPATH', 'CLIPBOARD', 'WORKSPACE_NAME',
  'WORKSPACE_FOLDER', 'CURSOR_INDEX', 'CURSOR_NUMBER', 'CURRENT_YEAR', 'CURRENT_YEAR_SHORT', 'CURRENT_MONTH',
  'CURRENT_MONTH_NAME', 'CURRENT_MONTH_NAME_SHORT', 'CURRENT_DATE', 'CURRENT_DAY_NAME', 'CURRENT_DAY_NAME_SHORT',
  'CURRENT_HOUR', 'CURRENT_MINUTE', 'CURRENT_SECOND', 'CURRENT_SECONDS_UNIX', 'CURRENT_TIMEZONE_OFFSET', 'RANDOM',
  'RANDOM_HEX', 'UUID', 'BLOCK_COMMENT_START', 'BLOCK_COMMENT_END', 'LINE_COMMENT',
]);

export class SnippetSyntaxError extends Error {}

/** Parses a snippet body (lines already joined with "\n"). Throws SnippetSyntaxError with the offset. */
export function parseSnippet(body: string): SnippetNode[] {
  let pos = 0;
  const fail = (message: string): never => {
    throw new SnippetSyntaxError(`${message} at offset ${pos}: ${JSON.stringify(body.slice(Math.max(0, pos - 20), pos + 20))}`);
  };
  const readInt = (): number | undefined => {
    const match = /^\d+/.exec(body.slice(pos));
    if (!match) return undefined;
    pos += match[0].length;
    return Number(match[0]);
  };
  const readName = (): string | undefined => {
    const match = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(body.slice(pos));
    if (!match) return undefined;
    pos += match[0].length;
    return match[0];
  };
  const checkVariable = (name: string) => {
    if (!KNOWN_VARIABLES.has(name)) fail(`unknown variable $${name} (VS Code would insert its name; escape a literal "$" as "\\$")`);
  };

  // Parses until end of input (top level) or an unescaped "}" (inside a placeholder).
  const parseNodes = (nested: boolean): SnippetNode[] => {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (pos < body.length) {
      const ch = body[pos];
      if (ch === '\\') {
        const next = body[pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          pos += 2;
        } else {
          text += ch;
          pos += 1;
        }
        continue;
      }
      if (ch === '}' && nested) {
        flush();
        return nodes;
      }
      if (ch !== '$') {
        text += ch;
        pos += 1;
        continue;
      }
      flush();
      pos += 1;
      if (body[pos] !== '{') {
        const index = readInt();
        if (index !== undefined) {
          nodes.push({ kind: 'tabstop', index });
          continue;
        }
        const name = readName();
        if (name === undefined) fail('"$" starts no tab stop or variable (escape a literal "$" as "\\$")');
        checkVariable(name!);
        nodes.push({ kind: 'variable', name: name! });
        continue;
      }
      pos += 1;
      const index = readInt();
      if (index !== undefined) {
        if (body[pos] === '}') {
          pos += 1;
          nodes.push({ kind: 'tabstop', index });
        } else if (body[pos] === ':') {
          pos += 1;
          const children = parseNodes(true);
          if (body[pos] !== '}') fail(`placeholder \${${index}:…} is not closed`);
          pos += 1;
          nodes.push({ kind: 'tabstop', index, children });
        } else if (body[pos] === '|') {
          pos += 1;
          nodes.push({ kind: 'choice', index, options: parseChoiceOptions() });
        } else {
          fail(body[pos] === '/' ? 'transforms are not supported here' : `malformed tab stop \${${index}`);
        }
        continue;
      }
      const name = readName();
      if (name === undefined) fail('"${" starts no tab stop or variable (escape a literal "$" as "\\$")');
      checkVariable(name!);
      if (body[pos] === '}') {
        pos += 1;
        nodes.push({ kind: 'variable', name: name! });
      } else if (body[pos] === ':') {
        pos += 1;
        const children = parseNodes(true);
        if (body[pos] !== '}') fail(`variable \${${name}:…} is not closed`);
        pos += 1;
        nodes.push({ kind: 'variable', name: name!, children });
      } else {
        fail(body[pos] === '/' ? 'transforms are not supported here' : `malformed variable \${${name}`);
      }
    }
    if (nested) fail('unclosed "${"');
    flush();
    return nodes;
  };

  const parseChoiceOptions = (): string[] => {
    const options: string[] = [];
    let current = '';
    while (pos < body.length) {
      const ch = body[pos];
      if (ch === '\\' && pos + 1 < body.length && '$}\\,|'.includes(body[pos + 1])) {
        current += body[pos + 1];
        pos += 2;
      } else if (ch === ',') {
        options.push(current);
        current = '';
        pos += 1;
      } else if (ch === '|' && body[pos + 1] === '}') {
        options.push(current);
        pos += 2;
        return options;
      } else {
        current += ch;
        pos += 1;
      }
    }
    return fail('choice is not closed with "|}"');
  };

  return parseNodes(false);
}

/** Values for variables when expanding; unknown ones were rejected by the parser. */
export interface ExpansionContext {
  /** Absolute or workspace-relative path of the file the snippet is inserted into. */
  readonly file?: string;
  readonly variables?: Readonly<Record<string, string>>;
  /** Picks a choice other than the first, as a user would from the suggestion list. */
  readonly choose?: (index: number, options: readonly string[]) => string;
}

/** What an expansion produced: the inserted text and the tab stops the user would visit. */
export interface Expansion {
  readonly text: string;
  /** Distinct tab stop indexes, ascending (0 included when present). */
  readonly tabStops: readonly number[];
  /** Choice options per tab stop index. */
  readonly choices: ReadonlyMap<number, readonly string[]>;
}

/**
 * Expands a snippet body as VS Code inserts it when the user accepts every default: a placeholder
 * takes its default text, a choice its first option, and every other occurrence of the same tab stop
 * mirrors that value. `$0` and placeholders without default become empty. `context.choose` can pick
 * another option of a choice.
 */
export function expandSnippet(body: string | readonly string[], context: ExpansionContext = {}): Expansion {
  const nodes = parseSnippet(typeof body === 'string' ? body : body.join('\n'));
  const variables = variableValues(context);
  // The first occurrence with a default (placeholder or choice) defines a tab stop's value;
  // every other occurrence mirrors it, wherever it stands.
  const definitions = new Map<number, SnippetNode>();
  const choices = new Map<number, readonly string[]>();
  const stops = new Set<number>();
  const collect = (list: readonly SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'tabstop') {
        stops.add(node.index);
        if (node.children && !definitions.has(node.index)) definitions.set(node.index, node);
        if (node.children) collect(node.children);
      } else if (node.kind === 'choice') {
        stops.add(node.index);
        if (!choices.has(node.index)) choices.set(node.index, node.options);
        if (!definitions.has(node.index)) definitions.set(node.index, node);
      } else if (node.kind === 'variable' && node.children) {
        collect(node.children);
      }
    }
  };
  const render = (list: readonly SnippetNode[], visiting: ReadonlySet<number>): string =>
    list
      .map((node) => {
        switch (node.kind) {
          case 'text':
            return node.value;
          case 'variable': {
            const value = variables[node.name];
            if (value !== undefined && value !== '') return value;
            return node.children ? render(node.children, visiting) : '';
          }
          case 'choice':
          case 'tabstop': {
            if (visiting.has(node.index)) throw new SnippetSyntaxError(`tab stop $${node.index} contains itself`);
            const definition = definitions.get(node.index);
            if (definition?.kind === 'choice') return context.choose?.(node.index, definition.options) ?? definition.options[0] ?? '';
            if (definition?.kind === 'tabstop' && definition.children) {
              return render(definition.children, new Set([...visiting, node.index]));
            }
            return '';
          }
        }
      })
      .join('');

  collect(nodes);
  return { text: render(nodes, new Set()), tabStops: [...stops].sort((a, b) => a - b), choices };
}

function variableValues(context: ExpansionContext): Record<string, string> {
  const file = context.file ?? 'untitled.ts';
  const base = path.basename(file);
  return {
    TM_FILENAME: base,
    TM_FILENAME_BASE: base.replace(/\.[^.]*$/, ''),
    TM_DIRECTORY: path.dirname(file),
    TM_FILEPATH: file,
    RELATIVE_FILEPATH: file,
    TM_SELECTED_TEXT: '',
    TM_CURRENT_LINE: '',
    TM_CURRENT_WORD: '',
    TM_LINE_INDEX: '0',
    TM_LINE_NUMBER: '1',
    CLIPBOARD: '',
    WORKSPACE_NAME: 'app',
    WORKSPACE_FOLDER: '/workspace/app',
    CURSOR_INDEX: '0',
    CURSOR_NUMBER: '1',
    CURRENT_YEAR: '2026',
    CURRENT_YEAR_SHORT: '26',
    CURRENT_MONTH: '01',
    CURRENT_MONTH_NAME: 'January',
    CURRENT_MONTH_NAME_SHORT: 'Jan',
    CURRENT_DATE: '01',
    CURRENT_DAY_NAME: 'Thursday',
    CURRENT_DAY_NAME_SHORT: 'Thu',
    CURRENT_HOUR: '12',
    CURRENT_MINUTE: '00',
    CURRENT_SECOND: '00',
    CURRENT_SECONDS_UNIX: '1767268800',
    CURRENT_TIMEZONE_OFFSET: '+00:00',
    RANDOM: '123456',
    RANDOM_HEX: 'abcdef',
    UUID: '00000000-0000-4000-8000-000000000000',
    BLOCK_COMMENT_START: '/*',
    BLOCK_COMMENT_END: '*/',
    LINE_COMMENT: '//',
    ...context.variables,
  };
}

/** One snippet as VS Code reads it from a `.code-snippets` file. */
export interface SnippetDefinition {
  readonly name: string;
  readonly prefixes: readonly string[];
  readonly description: string;
  readonly body: readonly string[];
  readonly scope?: string;
}

/** A contributed snippet file and the languages package.json registers it for. */
export interface SnippetFile {
  /** Path relative to the repository root, as package.json writes it (without "./"). */
  readonly path: string;
  readonly languages: readonly string[];
  readonly snippets: readonly SnippetDefinition[];
}

/**
 * Reads a `.code-snippets` file as VS Code does (JSONC: comments and trailing commas allowed).
 * Throws on syntax errors, duplicate snippet names (JSON would silently keep the last) and
 * entries that are not snippets.
 */
export function readSnippetFile(file: string): SnippetDefinition[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.parseJsonText(file, text);
  const syntaxErrors = (source as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  if (syntaxErrors.length > 0) {
    throw new Error(`${file}: ${syntaxErrors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
  }
  const root = source.statements[0]?.expression;
  if (!root || !ts.isObjectLiteralExpression(root)) throw new Error(`${file}: the top level must be an object of snippets`);
  const names = new Set<string>();
  for (const property of root.properties) {
    const name = property.name && (ts.isStringLiteral(property.name) || ts.isIdentifier(property.name)) ? property.name.text : undefined;
    if (name === undefined) throw new Error(`${file}: a snippet has no plain name`);
    if (names.has(name)) throw new Error(`${file}: snippet "${name}" is defined twice`);
    names.add(name);
  }
  const parsed = ts.parseConfigFileTextToJson(file, text);
  if (parsed.error) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(parsed.error.messageText, '\n')}`);
  const config = parsed.config as Record<string, unknown>;
  return Object.entries(config).map(([name, value]) => {
    if (typeof value !== 'object' || value === null) throw new Error(`${file}: "${name}" is not a snippet object`);
    const entry = value as Record<string, unknown>;
    const prefixes = typeof entry.prefix === 'string' ? [entry.prefix] : entry.prefix;
    if (!Array.isArray(prefixes) || prefixes.length === 0 || !prefixes.every((p) => typeof p === 'string')) {
      throw new Error(`${file}: "${name}" needs a prefix (string or non-empty string array)`);
    }
    const body = typeof entry.body === 'string' ? [entry.body] : entry.body;
    if (!Array.isArray(body) || !body.every((line) => typeof line === 'string')) {
      throw new Error(`${file}: "${name}" needs a body (string or string array)`);
    }
    return {
      name,
      prefixes: prefixes as string[],
      description: typeof entry.description === 'string' ? entry.description : '',
      body: body as string[],
      ...(typeof entry.scope === 'string' ? { scope: entry.scope } : {}),
    };
  });
}

/** Every snippet file package.json contributes, grouped by file with the languages it is registered for. */
export function readContributedSnippets(repoRoot: string): SnippetFile[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes?: { snippets?: { language?: unknown; path?: unknown }[] };
  };
  const byPath = new Map<string, string[]>();
  for (const entry of manifest.contributes?.snippets ?? []) {
    if (typeof entry.language !== 'string' || typeof entry.path !== 'string') {
      throw new Error('package.json contributes.snippets entries need "language" and "path" strings');
    }
    const relative = path.posix.normalize(entry.path.replace(/^\.\//, ''));
    byPath.set(relative, [...(byPath.get(relative) ?? []), entry.language]);
  }
  return [...byPath].map(([relative, languages]) => ({
    path: relative,
    languages,
    snippets: readSnippetFile(path.join(repoRoot, relative)),
  }));
}
