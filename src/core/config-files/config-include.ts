import * as path from 'path';
import { ts } from 'ts-morph';
import { lineOf } from '../detect/jsonc';
import { ScaffoldError } from '../errors';

/**
 * Makes sure tsconfig.json / jsconfig.json compiles `relativePath` (relative to the config's folder).
 * No-op when an `include` glob already covers it (TypeScript's rules: `*`, `?`, `**`, a folder name
 * includes everything below it), when `files` lists it, or when there is neither `include` nor `files`
 * (TypeScript then includes every file). Otherwise appends it to `include` (or to `files` when only `files`
 * exists), editing only that array in place: comments, trailing commas, indentation and EOLs elsewhere stay
 * as they were. Throws ScaffoldError(message, configFile, line) when the config does not parse.
 */
export function ensureConfigIncludes(configText: string, relativePath: string, configFile: string): { text: string; added: boolean } {
  const target = normalizePath(relativePath);
  const { config, error } = ts.parseConfigFileTextToJson(configFile, configText);
  if (error || config === null || typeof config !== 'object' || Array.isArray(config)) {
    const message = error ? ts.flattenDiagnosticMessageText(error.messageText, ' ') : 'expected a JSON object';
    throw new ScaffoldError(`${path.basename(configFile)} does not parse: ${message}`, configFile, lineOf(configText, error?.start ?? 0));
  }
  const json = config as Record<string, unknown>;
  const include = stringArray(json.include);
  const files = stringArray(json.files);
  if (include === undefined && files === undefined) return { text: configText, added: false };
  if (files?.some((f) => normalizePath(f) === target)) return { text: configText, added: false };
  if (include?.some((pattern) => includeCovers(pattern, target))) return { text: configText, added: false };

  const key = include !== undefined ? 'include' : 'files';
  const array = findTopLevelArray(configText, configFile, key);
  if (!array) {
    throw new ScaffoldError(`${path.basename(configFile)}: "${key}" is not an array of paths.`, configFile, 1);
  }
  return { text: appendToArray(configText, array.node, array.source, JSON.stringify(target)), added: true };
}

/** Whether one tsconfig `include` entry matches `target` (both relative to the config's folder). */
export function includeCovers(pattern: string, target: string): boolean {
  let glob = normalizePath(pattern);
  const last = glob.split('/').pop() ?? '';
  // TypeScript: an entry whose last segment has no wildcard and no extension names a folder.
  if (!/[*?]/.test(last) && !/\.[A-Za-z0-9]+$/.test(last)) glob = glob === '' || glob === '.' ? '**/*' : `${glob}/**/*`;
  return globRegex(glob).test(target);
}

function globRegex(glob: string): RegExp {
  let out = '';
  const parts = glob.split('/');
  parts.forEach((part, index) => {
    const isLast = index === parts.length - 1;
    if (part === '**') {
      out += isLast ? '.*' : '(?:[^/]+/)*';
      return;
    }
    out += part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
    if (!isLast) out += '/';
  });
  return new RegExp(`^${out}$`);
}

function normalizePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function findTopLevelArray(text: string, file: string, key: string): { node: ts.ArrayLiteralExpression; source: ts.SourceFile } | undefined {
  const source = ts.parseJsonText(file, text);
  const root = source.statements[0]?.expression;
  if (!root || !ts.isObjectLiteralExpression(root)) return undefined;
  for (const property of root.properties) {
    if (ts.isPropertyAssignment(property) && ts.isStringLiteral(property.name) && property.name.text === key) {
      return ts.isArrayLiteralExpression(property.initializer) ? { node: property.initializer, source } : undefined;
    }
  }
  return undefined;
}

/** Inserts `item` as the last element, in the array's own layout (one per line or inline; trailing comma kept). */
function appendToArray(text: string, array: ts.ArrayLiteralExpression, source: ts.SourceFile, item: string): string {
  const elements = array.elements;
  const open = array.getStart(source) + 1;
  const close = array.end - 1;
  if (elements.length === 0) {
    return text.slice(0, open) + item + text.slice(close);
  }
  const last = elements[elements.length - 1];
  const afterLast = last.end;
  const trailingComma = elements.hasTrailingComma;
  const commaEnd = trailingComma ? text.indexOf(',', afterLast) + 1 : afterLast;
  const multiLine = /\n/.test(text.slice(open, elements[0].getStart(source)));
  if (multiLine) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const lineStart = text.lastIndexOf('\n', last.getStart(source)) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
    const insertion = trailingComma ? `${eol}${indent}${item},` : `,${eol}${indent}${item}`;
    return text.slice(0, commaEnd) + insertion + text.slice(commaEnd);
  }
  const separator = elements.length > 1 && /,\s/.test(text.slice(elements[0].end, elements[1].getStart(source))) ? ', ' : elements.length > 1 ? ',' : ', ';
  const insertion = trailingComma ? `${separator === ', ' ? ' ' : ''}${item},` : `${separator}${item}`;
  return text.slice(0, commaEnd) + insertion + text.slice(commaEnd);
}

