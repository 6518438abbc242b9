import { ts } from 'ts-morph';

/**
 * Bracket nesting (`(`, `[`, `{`, `${`) above which a file is not parsed at all. TypeScript's parser is recursive
 * (about a dozen frames per parenthesis), so a few hundred levels can exhaust the stack; real code stays far below.
 */
export const MAX_BRACKET_NESTING = 200;
/** Syntax-tree depth above which the analysis stops (its walks recurse a few frames per level). */
export const MAX_TREE_DEPTH = 1000;
/** Nested evaluations of one expression (through aliases and helpers) before the analysis stops. */
export const MAX_EVALUATION_DEPTH = 400;

/** Why the analysis of a file could not finish: where, and what was too deep. */
export interface BudgetOverrun {
  readonly offset: number;
  readonly what: string;
}

/**
 * The explicit depth limits of one file's analysis. Walks ask before they go deeper; the first overrun is kept and
 * reported as an `analysis-incomplete` finding, so an input the analysis cannot finish never reads as "clean".
 */
export class DepthBudget {
  private first: BudgetOverrun | undefined;

  get overrun(): BudgetOverrun | undefined {
    return this.first;
  }

  note(offset: number, what: string): void {
    this.first ??= { offset, what };
  }

  /** True (and noted) when `node`'s subtree is deeper than MAX_TREE_DEPTH. Iterative: safe on any depth. */
  treeTooDeep(node: ts.Node, sourceFile: ts.SourceFile): boolean {
    const deepest = deepestNode(node, MAX_TREE_DEPTH);
    if (!deepest) return false;
    this.note(deepest.getStart(sourceFile), `nesting deeper than ${MAX_TREE_DEPTH} syntax levels`);
    return true;
  }
}

/** A node more than `limit` levels below `root`, or undefined. Walks with an explicit stack, not recursion. */
function deepestNode(root: ts.Node, limit: number): ts.Node | undefined {
  const stack: Array<{ node: ts.Node; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > limit) return node;
    ts.forEachChild(node, (child) => {
      stack.push({ node: child, depth: depth + 1 });
    });
  }
  return undefined;
}

/**
 * Offset of the first bracket that opens deeper than `limit` levels, or -1. A linear scan that skips comments,
 * strings and template text (regular expressions are not told apart: an unbalanced bracket in one shifts the count
 * by one, far from the limit).
 */
export function bracketOverflow(text: string, limit = MAX_BRACKET_NESTING): number {
  let depth = 0;
  // For each open `${`: the bracket depth at which its template resumes.
  const templates: number[] = [];
  let i = 0;
  let overflowAt = -1;
  const n = text.length;
  const skipTemplateText = (): void => {
    // i is just after a backtick or the `}` that closes a substitution.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) i += 2;
      else if (c === 96 /* ` */) {
        i++;
        return;
      } else if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
        i += 2;
        depth++;
        templates.push(depth);
        if (depth > limit) overflowAt = i - 2;
        return;
      } else i++;
    }
  };
  // Jumps from one character that matters to the next (the regex engine skips identifiers and spaces fast).
  const interesting = /[/"'`()[\]{}]/g;
  while (i < n) {
    interesting.lastIndex = i;
    const next = interesting.exec(text);
    if (!next) break;
    i = next.index;
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === c || d === 10) {
          i++;
          break;
        } else i++;
      }
    } else if (c === 96) {
      i++;
      skipTemplateText();
      if (overflowAt >= 0) return overflowAt;
    } else if (c === 40 || c === 91 || c === 123 /* ( [ { */) {
      depth++;
      if (depth > limit) return i;
      i++;
    } else if (c === 41 || c === 93 || c === 125 /* ) ] } */) {
      if (c === 125 && templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        depth--;
        i++;
        skipTemplateText();
        if (overflowAt >= 0) return overflowAt;
      } else {
        if (depth > 0) depth--;
        i++;
      }
    } else i++;
  }
  return -1;
}

/**
 * The first syntax error TypeScript recovered from while parsing, if any. `parseDiagnostics` is where
 * `ts.createSourceFile` keeps them (what `getSyntacticDiagnostics` returns), without building a program.
 */
export function firstParseError(sourceFile: ts.SourceFile): { offset: number; message: string } | undefined {
  const diagnostics = (sourceFile as ts.SourceFile & { readonly parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  return { offset: first.start, message: ts.flattenDiagnosticMessageText(first.messageText, ' ').replace(/\.$/, '') };
}
