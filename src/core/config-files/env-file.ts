import { appendLines } from './eol';

/** One variable to make sure of in a dotenv file. */
export interface EnvEntry {
  readonly key: string;
  readonly value: string;
  /** Written as a `# comment` line above the entry when the entry is added. */
  readonly comment?: string;
}

/**
 * Adds the entries whose key the dotenv text does not define yet; existing lines (values, comments, blank
 * lines, CRLF, a missing final newline, `export KEY=` forms, multi-line quoted values) stay byte-for-byte.
 * A commented-out `# KEY=` does not count as defined. `text` undefined means the file does not exist.
 * Returns the new text and the keys added (empty, with the same text, on a second run).
 */
export function ensureEnvEntries(text: string | undefined, entries: readonly EnvEntry[]): { text: string; added: string[] } {
  const defined = definedKeys(text ?? '');
  const lines: string[] = [];
  const added: string[] = [];
  for (const entry of entries) {
    if (defined.has(entry.key) || added.includes(entry.key)) continue;
    if (entry.comment) lines.push(...entry.comment.split(/\r?\n/).map((c) => `# ${c}`));
    lines.push(`${entry.key}=${formatValue(entry.value)}`);
    added.push(entry.key);
  }
  if (added.length === 0) return { text: text ?? '', added };
  return { text: appendLines(text, lines, true), added };
}

/** Keys a dotenv text assigns, skipping comments and the continuation lines of multi-line quoted values. */
export function definedKeys(text: string): Set<string> {
  const keys = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(lines[i]);
    if (!match) continue;
    keys.add(match[1]);
    const value = match[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !closesQuote(value.slice(1), quote)) {
      // A value that opens a quote and does not close it runs on until a line that does.
      while (i + 1 < lines.length && !closesQuote(lines[i + 1], quote)) i++;
      i++;
    }
  }
  return keys;
}

function closesQuote(rest: string, quote: string): boolean {
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '\\') i++;
    else if (rest[i] === quote) return true;
  }
  return false;
}

/** Plain when safe; double-quoted when the value has spaces, `#`, quotes or is empty-sensitive. */
function formatValue(value: string): string {
  if (/^[A-Za-z0-9_\-.:/+=@,~%]*$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
