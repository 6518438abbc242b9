import { ts } from 'ts-morph';
import { unwrapExpression as stripWrappers } from '../ts-syntax';
import type { LineMap } from './line-map';
import type { Leak } from './session-flow';
import type { QuickFix, RuleId, TextEdit } from './types';

/** What the fixes need to know about one finding. */
export interface FixContext {
  readonly sourceFile: ts.SourceFile;
  readonly lines: LineMap;
  readonly leak: Leak;
  readonly rule: RuleId;
  /** Name of the session parameter (`session`, `params.session`), when known. */
  readonly sessionName?: string;
  /** Non-secret token fields for an allow-list (whole-token exposures). */
  readonly allowList: readonly string[];
  /** Fields the project's `JWT` type declares (typed); others read as `unknown` in TypeScript. */
  readonly declaredFields: ReadonlySet<string>;
  /** The allow-list comes from the JWT type alone (no callback in sight fills the token). */
  readonly allowListFromType?: boolean;
}

/** The quick fixes for one finding: remove, allow-list (whole token), ignore comment. Edits are on the analyzed text. */
export function buildFixes(context: FixContext): QuickFix[] {
  const fixes: QuickFix[] = [];
  const { leak } = context;
  const allowList = leak.kind === 'token' ? allowListFix(context) : undefined;
  if (allowList) fixes.push(allowList);
  const remove = removeFix(context);
  if (remove) fixes.push({ ...remove, preferred: !allowList });
  fixes.push(ignoreFix(context.sourceFile, context.lines, leak.node, context.rule));
  return fixes;
}

function removeFix({ sourceFile, leak, sessionName }: FixContext): QuickFix | undefined {
  const what = leak.kind === 'field' ? `"${leak.field}"` : 'the JWT';
  const title = `Remove ${what} from the session`;
  if (leak.viaProperty && leak.container && !leak.viaCall) {
    return { title, kind: 'remove', edits: [removeMember(sourceFile, leak.container, leak.node as ts.ObjectLiteralElementLike)] };
  }
  const sink = leak.sink;
  if (sink.kind === 'assign' && sink.statement) return { title, kind: 'remove', edits: [removeStatement(sourceFile, sink.statement)] };
  if (sink.kind === 'assign-arg') {
    const args = sink.call.arguments;
    if (args.length > 2) {
      const index = args.indexOf(sink.argument);
      const edit =
        index === args.length - 1
          ? { start: args[index - 1].end, end: sink.argument.end, newText: '' }
          : { start: sink.argument.getStart(sourceFile), end: args[index + 1].getStart(sourceFile), newText: '' };
      return { title, kind: 'remove', edits: [edit] };
    }
    if (sink.statement) return { title, kind: 'remove', edits: [removeStatement(sourceFile, sink.statement)] };
  }
  if (sink.kind === 'return' && sessionName && !leak.viaCall && leak.kind === 'token') {
    return {
      title: 'Return the session instead of the JWT',
      kind: 'remove',
      edits: [{ start: leak.leaf.getStart(sourceFile), end: leak.leaf.end, newText: sessionName }],
    };
  }
  return undefined;
}

/** Longer lines get the allow-list one field per line (the project's style: prettier-like, 100 columns). */
const MAX_LINE = 100;

function allowListFix({ sourceFile, lines, leak, sessionName, allowList, declaredFields, allowListFromType }: FixContext): QuickFix | undefined {
  if (leak.viaCall || allowList.length === 0) return undefined;
  const tokenText = leak.leaf.getText(sourceFile);
  if (!/^[\w$.]+$/.test(tokenText)) return undefined;
  const fields = allowList.map((field) => `${keyText(field)}: ${tokenText}${accessText(field)}`);
  // In TypeScript an undeclared JWT field reads as `unknown`, which would not fit the Session type where the
  // whole token (an index-signature type) did. Unless a cast already wraps the value, keep the token's own type.
  const typescript = /\.[cm]?tsx?$/.test(sourceFile.fileName);
  const keepTokenType = typescript && !castWraps(leak) && allowList.some((f) => !declaredFields.has(f));
  // Where the fields came from: the callbacks in sight (the usual case), or only the project's JWT type.
  const title = `Expose only ${allowList.join(', ')} from the JWT${allowListFromType === true ? ' (fields your JWT type declares)' : ''}`;
  const sink = leak.sink;
  const target: ts.Node =
    ts.isSpreadAssignment(leak.node) || ts.isShorthandPropertyAssignment(leak.node) ? leak.node : leak.leaf;
  const start = target.getStart(sourceFile);
  const { line } = lines.position(start);
  const lineText = lines.lineText(line);
  const indent = /^\s*/.exec(lineText)![0];
  const unit = indent.includes('\t') ? '\t' : '  ';

  /** `{ a, b }` on one line, or one member per line at `depth` units below the line's indentation. */
  const object = (items: readonly string[], multiline: boolean, depth: number): string => {
    if (!multiline) return `{ ${items.join(', ')} }`;
    const inner = indent + unit.repeat(depth + 1);
    return `{\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}${unit.repeat(depth)}}`;
  };
  const render = (multiline: boolean): string => {
    const members = (depth: number): string[] =>
      keepTokenType ? [`...(${object(fields, multiline, depth)} as Partial<typeof ${tokenText}>)`] : fields;
    if (ts.isSpreadAssignment(leak.node)) {
      // Into the object the spread sits in: one member per line when the spread has a line of its own.
      const ownLine = lineText.trim().startsWith('...');
      return members(ownLine ? -1 : 0).join(multiline && ownLine ? `,\n${indent}` : ', ');
    }
    if (ts.isShorthandPropertyAssignment(leak.node)) return `${leak.node.name.text}: ${object(members(1), multiline, 0)}`;
    if (sink.kind === 'assign' && !leak.viaProperty && stripWrappers(sink.assignment.right) === leak.leaf) {
      return object([`...${sink.assignment.left.getText(sourceFile)}`, ...members(1)], multiline, 0);
    }
    if (sink.kind === 'return' && !leak.viaProperty && stripWrappers(sink.expression) === leak.leaf && sessionName) {
      return object([`...${sessionName}`, ...members(1)], multiline, 0);
    }
    return object(members(1), multiline, 0);
  };
  let newText = render(false);
  const { character } = lines.position(start);
  const endOfLine = lines.position(target.end).line === line ? lineText.slice(lines.position(target.end).character) : '';
  if (allowList.length > 1 && character + newText.length + endOfLine.length > MAX_LINE) newText = render(true);
  return { title, kind: 'allow-list', preferred: true, edits: [{ start, end: target.end, newText }] };
}

/** Whether an `as`/`<T>` cast sits between the sink's expression and the token (e.g. `session.user = token as any`). */
function castWraps(leak: Leak): boolean {
  const sink = leak.sink;
  let e: ts.Expression | undefined = ts.isSpreadAssignment(leak.node)
    ? leak.node.expression
    : sink.kind === 'assign'
      ? sink.assignment.right
      : sink.kind === 'return'
        ? sink.expression
        : undefined;
  while (e && e !== leak.leaf) {
    if (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e)) return true;
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
    else return false;
  }
  return false;
}

function keyText(field: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(field) ? field : JSON.stringify(field);
}

function accessText(field: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(field) ? `.${field}` : `[${JSON.stringify(field)}]`;
}

/** `// nextauth-scaffold-ignore-next-line <rule>` above the finding's line, with that line's indentation. */
function ignoreFix(sourceFile: ts.SourceFile, lines: LineMap, node: ts.Node, rule: RuleId): QuickFix {
  const text = sourceFile.text;
  const { line } = lines.position(node.getStart(sourceFile));
  const lineStart = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: `Ignore ${rule} on this line`,
    kind: 'ignore',
    edits: [{ start: lineStart, end: lineStart, newText: `${indent}// nextauth-scaffold-ignore-next-line ${rule}${newline}` }],
  };
}

/** Deletes an object member with its comma, keeping the surrounding layout. */
function removeMember(sourceFile: ts.SourceFile, container: ts.ObjectLiteralExpression, member: ts.ObjectLiteralElementLike): TextEdit {
  const members = container.properties;
  const index = members.indexOf(member);
  if (index >= 0 && index < members.length - 1) {
    return { start: member.getStart(sourceFile), end: members[index + 1].getStart(sourceFile), newText: '' };
  }
  if (index > 0) return { start: members[index - 1].end, end: member.end, newText: '' };
  const after = sourceFile.text.slice(member.end).match(/^\s*,/);
  return { start: member.getStart(sourceFile), end: member.end + (after ? after[0].length : 0), newText: '' };
}

/** Deletes a statement; when it is alone on its line(s), the whole line(s) go. */
function removeStatement(sourceFile: ts.SourceFile, statement: ts.Statement): TextEdit {
  const text = sourceFile.text;
  let start = statement.getStart(sourceFile);
  let end = statement.end;
  let lineStart = start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
  const atLineStart = lineStart === 0 || text[lineStart - 1] === '\n';
  if (atLineStart && (lineEnd === text.length || text[lineEnd] === '\n' || text[lineEnd] === '\r')) {
    start = lineStart;
    end = text.startsWith('\r\n', lineEnd) ? lineEnd + 2 : text[lineEnd] === '\n' ? lineEnd + 1 : lineEnd;
  }
  return { start, end, newText: '' };
}
