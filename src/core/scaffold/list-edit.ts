import { ts } from 'ts-morph';
import type { EditableSource } from './editable-source';

/**
 * Appends `item` to an array or object literal of the file, the way a person would: on its own line
 * at the indentation of the other entries, after any comment that ends the last entry's line, with
 * a trailing comma when the list uses them. `item` is written with `\n` and no base indentation
 * (its later lines are indented relative to its first).
 */
export function appendToList(source: EditableSource, list: ts.ArrayLiteralExpression | ts.ObjectLiteralExpression, item: string): void {
  const file = source.sourceFile.compilerNode;
  const text = file.text;
  const unit = source.style.indent;
  const elements: ts.NodeArray<ts.Node> = ts.isArrayLiteralExpression(list) ? list.elements : list.properties;
  const open = list.getStart(file);
  const close = list.end - 1;
  const base = source.indentAt(open);
  const last = elements[elements.length - 1];
  if (!last) {
    const inner = text.slice(open + 1, close);
    const comma = source.style.trailingCommas ? ',' : '';
    const body = `\n${base}${unit}${indentLines(item, base + unit)}${comma}\n${base}`;
    if (inner.trim() === '') source.replace(open + 1, close, body);
    else source.replace(open + 1 + inner.trimEnd().length, close, body);
    return;
  }
  const multiLine = source.lineOf(elements[0].getStart(file)) > source.lineOf(open);
  if (!multiLine) {
    const between = text.slice(elements[0].getStart(file), last.end);
    const hasComments = elements.some((e, i) => i > 0 && text.slice(elements[i - 1].end, e.getStart(file)).trim() !== ',');
    if (!item.includes('\n') || hasComments || between.includes('\n')) {
      source.insert(last.end, `, ${indentLines(item, base)}`);
      return;
    }
    // `[GitHub]` + a multi-line entry: one entry per line, as a formatter would lay it out.
    const inner = base + source.style.indent;
    const entries = [...elements.map((e) => e.getText(file)), indentLines(item, inner)];
    const comma = source.style.trailingCommas ? ',' : '';
    source.replace(open + 1, close, `\n${entries.map((e) => inner + e).join(',\n')}${comma}\n${base}`);
    return;
  }
  const itemIndent = source.indentAt(last.getStart(file));
  const afterComma = elements.hasTrailingComma ? text.indexOf(',', last.end) + 1 : last.end;
  let lineEnd = afterComma;
  for (const comment of ts.getTrailingCommentRanges(text, afterComma) ?? []) if (!text.slice(lineEnd, comment.pos).includes('\n')) lineEnd = comment.end;
  const entry = `\n${itemIndent}${indentLines(item, itemIndent)}${elements.hasTrailingComma ? ',' : ''}`;
  if (elements.hasTrailingComma) source.insert(lineEnd, entry);
  else source.replace(last.end, lineEnd, `,${text.slice(last.end, lineEnd)}${entry}`);
}

/** Prefixes every line but the first with `prefix` (blank lines stay blank). */
export function indentLines(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line.trim() === '' ? line : prefix + line))
    .join('\n');
}

/** Removes `indent` from the start of every line but the first (text cut out of an indented file). */
export function dedent(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
}
