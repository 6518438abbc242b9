import { parse } from 'dotenv';
import { ScaffoldError } from '../errors';
import { appendLines } from './eol';

/** One variable to make sure of in a dotenv file. */
export interface EnvEntry {
  readonly key: string;
  readonly value: string;
  /** Written as a `# comment` line above the entry when the entry is added. */
  readonly comment?: string;
  /** An existing empty value (`KEY=`) counts as missing and is filled in place (secrets). */
  readonly fillEmpty?: boolean;
}

/**
 * Adds the entries whose key the dotenv text does not define yet, as Next.js reads it: keys are detected
 * with dotenv's own `parse` (what `@next/env` runs), so `KEY: value`, `export KEY=`, multi-line quoted values
 * and keys after an unterminated quote count exactly as they do for the app. An entry with `fillEmpty`
 * whose key is defined empty (`NEXTAUTH_SECRET=`) gets its value on that same line. Existing bytes (values,
 * comments, blank lines, CRLF, a missing final newline) stay as they are. `text` undefined means the file
 * does not exist. Throws ScaffoldError (`file` named) when dotenv would not read back what is added (an
 * unterminated quote above swallows it). Returns the new text and the keys added or filled (empty, with
 * the same text, on a second run).
 */
export function ensureEnvEntries(text: string | undefined, entries: readonly EnvEntry[], file?: string): { text: string; added: string[] } {
  const existing = parse(text ?? '');
  const lines: string[] = [];
  const added: string[] = [];
  const values = new Map<string, string>();
  let result = text ?? '';
  for (const entry of entries) {
    if (added.includes(entry.key)) continue;
    const has = Object.prototype.hasOwnProperty.call(existing, entry.key);
    if (has && !(entry.fillEmpty && existing[entry.key] === '')) continue;
    const value = formatValue(entry.value);
    if (value === undefined) {
      throw new ScaffoldError(`${file ?? 'The env file'}: the value for ${entry.key} cannot be written so that dotenv reads it back exactly (it holds every kind of quote); nothing was written.`, file);
    }
    if (has) {
      const filled = fillEmptyLine(result, entry.key, value);
      if (filled !== undefined) {
        result = filled;
        added.push(entry.key);
        values.set(entry.key, entry.value);
        continue;
      }
    }
    if (entry.comment) lines.push(...entry.comment.split(/\r?\n/).map((c) => `# ${c}`));
    lines.push(`${entry.key}=${value}`);
    added.push(entry.key);
    values.set(entry.key, entry.value);
  }
  if (added.length === 0) return { text: text ?? '', added };
  if (lines.length > 0) result = appendLines(text === undefined && result === '' ? undefined : result, lines, true);
  const reread = parse(result);
  const lost = added.filter((key) => reread[key] !== values.get(key)).map((key) => ({ key }));
  if (lost.length > 0) {
    throw new ScaffoldError(
      `${file ?? 'The env file'}: ${lost.map((e) => e.key).join(', ')} would not be read back as written: dotenv reads the text above differently (most likely a quoted value there never closes, so it reads on into the new lines). Close that quote, then run again; nothing was written.`,
      file,
      unterminatedQuoteLine(text ?? ''),
    );
  }
  return { text: result, added };
}

/** Keys a dotenv text defines, as dotenv (and so Next.js) reads them. */
export function definedKeys(text: string): Set<string> {
  return new Set(Object.keys(envValues(text)));
}

/** Each key's value as dotenv (and so Next.js's loader) reads it: quotes, comments and `KEY: value` handled, the last definition wins. */
export function envValues(text: string): Record<string, string> {
  return parse(text);
}

/** The text with the last `KEY=` (empty, maybe quoted empty, maybe a comment) line given `value`; undefined when there is no such simple line. */
function fillEmptyLine(text: string, key: string, value: string): string | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = new RegExp(`^([ \\t]*(?:export[ \\t]+)?${escaped}[ \\t]*=)[ \\t]*(?:""|''|\`\`)?[ \\t]*(?:#[^\\r\\n]*)?(?=\\r?$)`, 'gm');
  let last: RegExpExecArray | undefined;
  for (let match = line.exec(text); match; match = line.exec(text)) last = match;
  if (!last) return undefined;
  return text.slice(0, last.index) + last[1] + value + text.slice(last.index + last[0].length);
}

/**
 * The value as dotenv reads it back exactly: plain when safe, else in the first quote it can use ('…' and
 * `…` are literal; "…" turns \n into a newline, so it carries multi-line values); undefined when none can.
 */
function formatValue(value: string): string | undefined {
  if (/^[A-Za-z0-9_\-.:/+=@,~%]*$/.test(value)) return value;
  const literal = !/[\r\n]/.test(value) && !value.endsWith('\\');
  if (literal && !value.includes("'")) return `'${value}'`;
  if (literal && !value.includes('`')) return `\`${value}\``;
  if (!value.includes('"') && !value.endsWith('\\') && !/\\[nr]/.test(value) && !/\r/.test(value)) return `"${value.replace(/\n/g, '\\n')}"`;
  return undefined;
}

/** 1-based line of the last line that opens a quote it does not close (best effort, for the message). */
function unterminatedQuoteLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const value = /^\s*(?:export\s+)?[\w.-]+\s*[=:]\s*(["'`])(.*)$/.exec(lines[i]);
    if (value && !value[2].includes(value[1])) return i + 1;
  }
  return undefined;
}
