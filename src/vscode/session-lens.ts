import * as path from 'path';
import * as vscode from 'vscode';
import type { SessionShape } from '../core/analyze/types';
import { ANALYZED_DOCUMENTS, toRange, type SessionLeakDiagnostics } from './diagnostics';
import { loadEngine } from './engine';
import { CONFIG_SECTION, readSessionLensEnabled } from './settings';

/** "NextAuth: Show Session JSON Shape": the JSON /api/auth/session would return, for the callback at hand. */
export const SHOW_SESSION_SHAPE_COMMAND = 'nextauthScaffold.showSessionShape';

/** Scheme of the read-only JSON documents the command opens. */
export const SESSION_SHAPE_SCHEME = 'nextauth-session-shape';

/**
 * "Sent to the browser" above every session callback (CodeLens), the same as a table on hover over its head, and the
 * command that opens the JSON shape. Everything comes from the cached analysis of the document's version (the one the
 * diagnostics use): nothing here parses. Read-only, so it also works in Restricted Mode.
 */
export class SessionLens implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly contentChanged = new vscode.EventEmitter<vscode.Uri>();
  /** Text of each JSON document opened by the command, by URI. */
  private readonly documents = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [this.lensesChanged, this.contentChanged];
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  readonly onDidChange = this.contentChanged.event;

  constructor(private readonly diagnostics: SessionLeakDiagnostics) {
    this.disposables.push(
      diagnostics.onDidAnalyze(() => this.lensesChanged.fire()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.sessionLens`)) this.lensesChanged.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === SESSION_SHAPE_SCHEME) this.documents.delete(document.uri.toString());
      }),
    );
  }

  /** The providers and the command; every disposable belongs in `context.subscriptions`. */
  register(): vscode.Disposable[] {
    return [
      vscode.languages.registerCodeLensProvider(ANALYZED_DOCUMENTS, this),
      vscode.languages.registerHoverProvider(ANALYZED_DOCUMENTS, this),
      vscode.workspace.registerTextDocumentContentProvider(SESSION_SHAPE_SCHEME, this),
      vscode.commands.registerCommand(SHOW_SESSION_SHAPE_COMMAND, (uri?: unknown, index?: unknown) => this.showJson(uri, index)),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const shapes = await this.shapesOf(document);
    if (shapes.length === 0) return [];
    const engine = await loadEngine();
    return shapes.map(
      (shape, index) =>
        new vscode.CodeLens(toRange(shape.headRange), {
          title: engine.sessionLensTitle(shape),
          tooltip: 'What /api/auth/session and useSession() hand the browser after this session callback. Click for the JSON.',
          command: SHOW_SESSION_SHAPE_COMMAND,
          arguments: [document.uri, index],
        }),
    );
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const shapes = await this.shapesOf(document);
    const index = shapes.findIndex((shape) => toRange(shape.headRange).contains(position));
    if (index < 0) return undefined;
    const shape = shapes[index];
    const engine = await loadEngine();
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.appendMarkdown('**Sent to the browser** by this session callback (`/api/auth/session`, `useSession()`)\n\n');
    markdown.appendMarkdown('| Field | From | |\n|---|---|---|\n');
    for (const row of engine.sessionShapeRows(shape)) {
      markdown.appendMarkdown(`| ${code(row.path === '' ? '(top level)' : row.path)} | ${code(row.source)} | ${row.note ? escapeCell(row.note) : ''} |\n`);
    }
    markdown.appendMarkdown(`\n${escapeCell(engine.sessionLensTitle(shape).replace(/^.* · /, 'Verdict: '))}`);
    const args = encodeURIComponent(JSON.stringify([document.uri.toString(), index]));
    markdown.appendMarkdown(` · [Show the JSON](command:${SHOW_SESSION_SHAPE_COMMAND}?${args})`);
    markdown.isTrusted = { enabledCommands: [SHOW_SESSION_SHAPE_COMMAND] };
    return new vscode.Hover(markdown, toRange(shape.headRange));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString()) ?? '{}\n';
  }

  /**
   * Opens the JSON of the session callback `index` of `uri` (from the lens or the hover), or of the one at the cursor
   * (from the palette), beside the editor. Returns the opened document's URI, or undefined when there is none.
   */
  async showJson(uriArgument?: unknown, indexArgument?: unknown): Promise<vscode.Uri | undefined> {
    const uri = uriArgument instanceof vscode.Uri ? uriArgument : typeof uriArgument === 'string' ? vscode.Uri.parse(uriArgument) : undefined;
    const editor = vscode.window.activeTextEditor;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('Open a file with a NextAuth session callback to see the session it sends to the browser.');
      return undefined;
    }
    const shapes = (await this.diagnostics.analysisFor(document)).sessionShapes;
    const cursor = !uri && editor ? editor.selection.active : undefined;
    const index =
      typeof indexArgument === 'number' && indexArgument >= 0 && indexArgument < shapes.length
        ? indexArgument
        : Math.max(0, cursor ? shapes.findIndex((s) => toRange(s.callbackRange).contains(cursor)) : 0);
    const shape = shapes[index];
    if (!shape) {
      void vscode.window.showInformationMessage(`No NextAuth session callback found in ${path.basename(document.fileName)}.`);
      return undefined;
    }
    const engine = await loadEngine();
    const target = vscode.Uri.from({
      scheme: SESSION_SHAPE_SCHEME,
      path: `/${path.basename(document.fileName)} (line ${shape.callbackRange.start.line + 1}) session.json`,
      query: document.uri.toString(),
    });
    this.documents.set(target.toString(), engine.sessionShapeJson(shape));
    this.contentChanged.fire(target);
    const opened = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(opened, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
    return target;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async shapesOf(document: vscode.TextDocument): Promise<readonly SessionShape[]> {
    if (!readSessionLensEnabled(document.uri)) return [];
    const version = document.version;
    const { sessionShapes } = await this.diagnostics.analysisFor(document);
    // Ranges of an older version would sit on the wrong lines; the next analysis refreshes the lenses.
    return document.version === version ? sessionShapes : [];
  }
}

/** Inline code in a table cell (backticks and pipes would end it). */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[*_[\]<>]/g, (c) => `\\${c}`);
}
