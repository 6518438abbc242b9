import { Project, ts } from 'ts-morph';
import type { SourceFile } from 'ts-morph';
import { ScaffoldError } from '../errors';
import { lineAt } from '../ts-syntax';
import { detectStyle } from './source-style';
import type { SourceStyle } from './source-style';

/**
 * An in-memory ts-morph project for merges: no lib files, nothing resolved. One per plan is enough; every
 * file of the plan lives in it under its own path.
 */
export function mergeProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, noLib: true, types: [] },
  });
}

/**
 * A user file opened for get-or-add merges: a ts-morph SourceFile in an in-memory project (its own, or the
 * plan's shared one; nothing else is loaded), the file's style, and text edits that insert or replace
 * ranges. Edits never reprint the file: everything outside the edited ranges stays byte-for-byte. Node
 * references do not survive an edit; find them again through `sourceFile`.
 */
export class EditableSource {
  private current: SourceFile;
  readonly style: SourceStyle;

  /** Throws ScaffoldError (`The file does not parse: …`, file, line) when the text has syntax errors. */
  constructor(
    readonly path: string,
    text: string,
    private readonly project: Project = mergeProject(),
  ) {
    this.current = this.project.createSourceFile(inMemoryName(path), text, { overwrite: true });
    const [first] = this.project.getProgram().compilerObject.getSyntacticDiagnostics(this.current.compilerNode);
    if (first) {
      const line = first.start === undefined ? undefined : lineAt(this.current.compilerNode, first.start);
      const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
      // The faces prefix file:line, so the message names neither.
      throw new ScaffoldError(`The file does not parse: ${message}`, path, line);
    }
    this.style = detectStyle(text, path);
  }

  get sourceFile(): SourceFile {
    return this.current;
  }

  get text(): string {
    return this.current.getFullText();
  }

  /** Whether the file is written as CommonJS (require/module.exports, no import/export syntax). */
  get isCommonJs(): boolean {
    const source = this.current.compilerNode;
    const hasEsm = source.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) || hasExportModifier(s));
    return !hasEsm && /\b(module\.exports|exports\.\w+|require\s*\()/.test(this.text);
  }

  /** Inserts `text` (written with `\n`) at `position`, in the file's line endings. */
  insert(position: number, text: string): void {
    this.replace(position, position, text);
  }

  replace(start: number, end: number, text: string): void {
    const full = this.text;
    const converted = this.style.newline === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
    this.current = this.project.createSourceFile(inMemoryName(this.path), full.slice(0, start) + converted + full.slice(end), { overwrite: true });
  }

  /** Leading whitespace of the line holding `position`. */
  indentAt(position: number): string {
    const full = this.text;
    const lineStart = full.lastIndexOf('\n', position - 1) + 1;
    return /^[ \t]*/.exec(full.slice(lineStart))![0];
  }

  /** 1-based line of `position`. */
  lineOf(position: number): number {
    return lineAt(this.current.compilerNode, position);
  }
}

function hasExportModifier(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** The in-memory project keeps the path (and so the extension, which decides TS/TSX/JS parsing) under a neutral folder. */
function inMemoryName(filePath: string): string {
  const parts = filePath.split(/[\\/]/).map((part) => part.replace(/:/g, '')).filter((part) => part !== '');
  return `/merge/${parts.join('/') || 'file.ts'}`;
}
