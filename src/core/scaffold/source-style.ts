import { ts } from 'ts-morph';
import { scriptKindOf } from '../ts-syntax';

/** How a source file is written, so inserted code looks like the code around it. */
export interface SourceStyle {
  readonly quote: '"' | "'";
  readonly semicolons: boolean;
  /** One level of indentation: a tab or some spaces. */
  readonly indent: string;
  readonly newline: '\n' | '\r\n';
  /** Whether multi-line lists end with a comma. */
  readonly trailingCommas: boolean;
}

/** What generated files use when there is nothing to imitate (Prettier's defaults). */
export const DEFAULT_STYLE: SourceStyle = { quote: '"', semicolons: true, indent: '  ', newline: '\n', trailingCommas: true };

/** Reads quotes, semicolons, indentation, line endings and trailing commas off a file, by majority. */
export function detectStyle(text: string, fileName = 'file.tsx'): SourceStyle {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  let single = 0;
  let double = 0;
  let withSemicolon = 0;
  let withoutSemicolon = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) && !ts.isJsxAttribute(node.parent)) {
      if (node.getText(source).startsWith("'")) single++;
      else double++;
    }
    if (endsWithOptionalSemicolon(node)) {
      if (node.getText(source).endsWith(';')) withSemicolon++;
      else withoutSemicolon++;
    } else if (ts.isPropertySignature(node) || ts.isMethodSignature(node)) {
      // Interface members end with `;`, `,` or nothing; only `;` and nothing say something.
      if (node.getText(source).endsWith(';')) withSemicolon++;
      else if (text[node.end] !== ',') withoutSemicolon++;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const multiLineEnds = text.match(/,?[ \t]*\r?\n[ \t]*[}\]]/g) ?? [];
  const withComma = multiLineEnds.filter((m) => m.startsWith(',')).length;
  return {
    quote: single > double ? "'" : '"',
    semicolons: withSemicolon + withoutSemicolon === 0 ? DEFAULT_STYLE.semicolons : withSemicolon >= withoutSemicolon,
    indent: detectIndent(text),
    newline: text.includes('\r\n') ? '\r\n' : '\n',
    trailingCommas: multiLineEnds.length === 0 ? DEFAULT_STYLE.trailingCommas : withComma * 2 >= multiLineEnds.length,
  };
}

function detectIndent(text: string): string {
  const counts = new Map<number, number>();
  let tabs = 0;
  let previous = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || /^\s*\*/.test(line)) continue; // JSDoc continuation lines are off by one
    const leading = /^[ \t]*/.exec(line)![0];
    if (leading.startsWith('\t')) {
      tabs++;
      continue;
    }
    const delta = leading.length - previous;
    if (delta > 0) counts.set(delta, (counts.get(delta) ?? 0) + 1);
    previous = leading.length;
  }
  let best = 0;
  let bestCount = 0;
  for (const [width, count] of counts) if (count > bestCount || (count === bestCount && width < best)) [best, bestCount] = [width, count];
  if (tabs > bestCount) return '\t';
  return best > 0 && best <= 8 ? ' '.repeat(best) : DEFAULT_STYLE.indent;
}

/** Statements (and members) that may end with `;` where ASI allows leaving it out. */
function endsWithOptionalSemicolon(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.VariableStatement:
    case ts.SyntaxKind.ExpressionStatement:
    case ts.SyntaxKind.ReturnStatement:
    case ts.SyntaxKind.ThrowStatement:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
    case ts.SyntaxKind.ImportDeclaration:
    case ts.SyntaxKind.ExportDeclaration:
    case ts.SyntaxKind.ExportAssignment:
    case ts.SyntaxKind.TypeAliasDeclaration:
    case ts.SyntaxKind.PropertyDeclaration:
      return true;
    default:
      return false;
  }
}

/**
 * Rewrites generated code (written with double quotes, semicolons and two-space indentation) in
 * `style`: string quotes (not JSX attributes, not strings holding the other quote), statement
 * semicolons (guarding lines ASI would join) and indentation. Line endings are left as `\n`;
 * `EditableSource` converts them when inserting.
 */
export function restyle(text: string, style: SourceStyle, fileName: string): string {
  if (style.quote === '"' && style.semicolons && style.indent === '  ') return text;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const visit = (node: ts.Node): void => {
    if (style.quote === "'" && ts.isStringLiteral(node) && !ts.isJsxAttribute(node.parent)) {
      const raw = node.getText(source);
      if (raw.startsWith('"') && !raw.includes("'")) edits.push({ start: node.getStart(source), end: node.end, text: `'${raw.slice(1, -1)}'` });
    }
    const member = (ts.isPropertySignature(node) || ts.isMethodSignature(node)) && /^[ \t]*\r?\n/.test(text.slice(node.end));
    if (!style.semicolons && (endsWithOptionalSemicolon(node) || member) && node.getText(source).endsWith(';')) {
      edits.push({ start: node.end - 1, end: node.end, text: '' });
      const first = node.getText(source)[0];
      if ('([`+-/'.includes(first) && ts.isExpressionStatement(node)) edits.push({ start: node.getStart(source), end: node.getStart(source), text: ';' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  if (style.indent !== '  ') out = reindent(out, '  ', style.indent);
  return out;
}

/** Converts leading indentation measured in `from` units to `to` units (leftover spaces kept, for JSDoc). */
export function reindent(text: string, from: string, to: string): string {
  return text.replace(/^( +)/gm, (leading: string) => to.repeat(Math.floor(leading.length / from.length)) + ' '.repeat(leading.length % from.length));
}
