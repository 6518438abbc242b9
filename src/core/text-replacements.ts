import { diffLines } from 'diff';

/** Replace `before.slice(start, end)` with `text`; offsets index the old text. */
export interface TextReplacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The replacements that turn `before` into `after`: one per changed run of lines (jsdiff's line diff; a
 * line changed into one other line narrowed to the characters that change), sorted and not overlapping, so applying them all to
 * `before` gives `after`. An editor shows each as its own change (VS Code's refactor preview lists them
 * and diffs only those lines) instead of one replacement of the whole file. Empty when the texts are equal.
 *
 * Example: `textReplacements("a\nb\n", "a\nB\nc\n")` is `[{ start: 2, end: 3, text: "B\nc" }]`.
 */
export function textReplacements(before: string, after: string): TextReplacement[] {
  if (before === after) return [];
  const replacements: TextReplacement[] = [];
  let offset = 0;
  let hunk: { start: number; removed: string; added: string } | undefined;
  const flush = () => {
    if (hunk) replacements.push(trimmed(hunk.start, hunk.removed, hunk.added));
    hunk = undefined;
  };
  for (const part of diffLines(before, after)) {
    if (!part.added && !part.removed) {
      flush();
      offset += part.value.length;
      continue;
    }
    hunk ??= { start: offset, removed: '', added: '' };
    if (part.removed) {
      hunk.removed += part.value;
      offset += part.value.length;
    } else {
      hunk.added += part.value;
    }
  }
  flush();
  return replacements;
}

/**
 * The replacement of `removed` (at `start`) by `added`. When one line becomes another, only the characters
 * that differ; a change of several lines stays whole lines, which read better than a cut mid-line.
 */
function trimmed(start: number, removed: string, added: string): TextReplacement {
  if (lineCount(removed) !== 1 || lineCount(added) !== 1) return { start, end: start + removed.length, text: added };
  let prefix = 0;
  const shorter = Math.min(removed.length, added.length);
  while (prefix < shorter && removed[prefix] === added[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && removed[removed.length - 1 - suffix] === added[added.length - 1 - suffix]) suffix++;
  // Never cut a CRLF (or a surrogate pair) in two: editors treat each as one unit.
  while (prefix > 0 && (splitsUnit(removed, prefix) || splitsUnit(added, prefix))) prefix--;
  while (suffix > 0 && (splitsUnit(removed, removed.length - suffix) || splitsUnit(added, added.length - suffix))) suffix--;
  return { start: start + prefix, end: start + removed.length - suffix, text: added.slice(prefix, added.length - suffix) };
}

/** Lines in `text`, a final line break not starting another. */
function lineCount(text: string): number {
  if (text === '') return 0;
  return text.replace(/\r?\n$/, '').split('\n').length;
}

/** Whether a cut at `index` falls inside a `\r\n` pair or a surrogate pair of `text`. */
function splitsUnit(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return (before === 13 && after === 10) || (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}
