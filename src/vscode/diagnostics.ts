import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DocumentAnalysis, Finding, JwtAugmentation } from '../core/analyze/types';
import { loadEngine, type Engine } from './engine';
import { CONFIG_SECTION, readDiagnosticsSettings, readSessionLensEnabled } from './settings';

/** `Diagnostic.source` of every warning we publish; quick fixes find their diagnostics by it. */
export const DIAGNOSTIC_SOURCE = 'nextauth-scaffold';

/** The languages the analyzer reads (TS/JS with or without JSX). */
export const ANALYZED_LANGUAGES: readonly string[] = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

export const ANALYZED_DOCUMENTS: vscode.DocumentSelector = ANALYZED_LANGUAGES.flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

/** Typing pauses shorter than this do not trigger an analysis. */
const CHANGE_DEBOUNCE_MS = 300;

/**
 * A pre-filter that needs no engine: a session callback that leaks a token must mention both words.
 * Documents failing it are never analyzed, and the engine (TypeScript) is never loaded for them.
 */
export function mayLeakSessionToken(text: string): boolean {
  return text.includes('session') && /token/i.test(text);
}

interface AnalyzedDocument extends DocumentAnalysis {
  readonly version: number;
}

const NOTHING: DocumentAnalysis = { findings: [], sessionShapes: [] };

/**
 * Publishes session-leak findings for open TS/JS documents: on open right away, on edit after a pause,
 * dropping results for versions the user has already typed past. Reads only, so it also runs in
 * untrusted workspaces. The engine loads with the first document that passes the pre-filter.
 */
export class SessionLeakDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly analyzed = new Map<string, AnalyzedDocument>();
  /** App root -> its `JWT` augmentation; cleared when a declaration file is saved. */
  private readonly augmentations = new Map<string, JwtAugmentation | undefined>();
  private readonly analyzedEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.collection, this.analyzedEmitter];
  private engine: Engine | undefined;
  /** Fires when a document's analysis (findings and session shapes) changed or was dropped; the session lens listens. */
  readonly onDidAnalyze = this.analyzedEmitter.event;
  private readonly resultsChanged = new vscode.EventEmitter<void>();
  /** Fires when the set of checked documents or their findings change (the language status counts them). */
  readonly onDidChangeResults: vscode.Event<void> = this.resultsChanged.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.resultsChanged,
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document, CHANGE_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (/\.d\.[cm]?ts$/.test(document.fileName)) {
          this.augmentations.clear();
          this.refreshAll();
        }
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.diagnostics`)) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  /**
   * The open documents the analyzer holds a verdict for (findings or none) and how many of them have
   * findings: what "N files" in the language status counts. A document leaves the count when it closes
   * or stops being checked (language, scheme, `diagnostics.enabled`).
   */
  checkedDocuments(): { readonly files: number; readonly withFindings: number } {
    let withFindings = 0;
    for (const result of this.analyzed.values()) if (result.findings.length > 0) withFindings++;
    return { files: this.analyzed.size, withFindings };
  }

  /** Re-analyzes every open document (settings or the JWT augmentation changed). */
  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /**
   * The findings for the document's current version: from the last analysis when it is current,
   * else computed now. Quick fixes use this so their offsets match the text they edit.
   */
  async findingsFor(document: vscode.TextDocument): Promise<readonly Finding[]> {
    if (!this.isCandidate(document)) return [];
    return (await this.analysisFor(document)).findings;
  }

  /**
   * The analysis of the document's current version (findings and session shapes), from the cache when current.
   * Also runs when only the session lens is on (the diagnostics setting off); then nothing is published.
   */
  async analysisFor(document: vscode.TextDocument): Promise<DocumentAnalysis> {
    const cached = this.analyzed.get(document.uri.toString());
    if (cached && cached.version === document.version) return cached;
    if (!this.isCandidate(document) && !(isAnalyzable(document) && readSessionLensEnabled(document.uri))) return NOTHING;
    const version = document.version;
    const analysis = await this.computeFindings(document);
    if (!document.isClosed && document.version === version) {
      this.analyzed.set(document.uri.toString(), { version, ...analysis });
      this.resultsChanged.fire();
    }
    return analysis;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private isCandidate(document: vscode.TextDocument): boolean {
    return isAnalyzable(document) && readDiagnosticsSettings(document.uri).enabled;
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    if (!this.isCandidate(document)) {
      this.forget(document.uri);
      return;
    }
    const version = document.version;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.publish(document, version);
      }, delay),
    );
  }

  private async publish(document: vscode.TextDocument, version: number): Promise<void> {
    try {
      if (document.isClosed || document.version !== version) return;
      const analysis = await this.computeFindings(document);
      const { findings } = analysis;
      // The user may have typed while the engine loaded; a newer version has its own analysis queued.
      if (document.isClosed || document.version !== version) return;
      this.analyzed.set(document.uri.toString(), { version, ...analysis });
      this.analyzedEmitter.fire(document.uri);
      const severity = readDiagnosticsSettings(document.uri).severity;
      this.collection.set(document.uri, findings.map((finding) => toDiagnostic(finding, document, severity)));
      this.resultsChanged.fire();
    } catch (error) {
      // The analyzer promises not to throw; if it does, the user keeps typing and the log says why.
      this.log.error(`Analyzing ${document.uri.fsPath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  /** One analysis of the document: the findings and, from the same parse, the session shapes the lens shows. */
  private async computeFindings(document: vscode.TextDocument): Promise<DocumentAnalysis> {
    const text = document.getText();
    if (!mayLeakSessionToken(text)) return NOTHING;
    const engine = (this.engine ??= await loadEngine());
    const fileName = analyzedFileName(document);
    // The file name counts too: a callbacks module may name neither "callbacks" nor next-auth in its text.
    if (!engine.mightContainSessionCallback(text, fileName)) return NOTHING;
    const settings = readDiagnosticsSettings(document.uri);
    const appRoot = document.uri.scheme === 'file' ? findPackageRoot(document.uri.fsPath) : undefined;
    return engine.analyzeDocument(fileName, text, {
      extraSensitiveNames: settings.sensitiveFields,
      jwtAugmentation: appRoot ? this.augmentationFor(engine, appRoot) : undefined,
    });
  }

  private augmentationFor(engine: Engine, appRoot: string): JwtAugmentation | undefined {
    if (!this.augmentations.has(appRoot)) {
      this.augmentations.set(appRoot, engine.readJwtAugmentation(new engine.NodeFileSystem({ unreadable: 'absent' }), appRoot));
    }
    return this.augmentations.get(appRoot);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    const held = this.analyzed.delete(key);
    if (held) this.analyzedEmitter.fire(uri);
    this.collection.delete(uri);
    if (held) this.resultsChanged.fire();
  }
}

/** A TS/JS document on disk or untitled: what the analyzer reads. */
function isAnalyzable(document: vscode.TextDocument): boolean {
  return ANALYZED_LANGUAGES.includes(document.languageId) && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

const EXTENSION_BY_LANGUAGE: Record<string, string> = { typescript: '.ts', typescriptreact: '.tsx', javascript: '.js', javascriptreact: '.jsx' };

/** The name the analyzer sees: the path, or for an untitled buffer a name whose extension says how to parse it. */
function analyzedFileName(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  return `${document.fileName}${EXTENSION_BY_LANGUAGE[document.languageId] ?? '.ts'}`;
}

function toDiagnostic(finding: Finding, document: vscode.TextDocument, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  // A file the analyzer could not finish is not a leak: one Information diagnostic says so (fail closed, not loud).
  const own = finding.rule === 'analysis-incomplete' ? vscode.DiagnosticSeverity.Information : severity;
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, own);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.rule;
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => {
      const uri = path.resolve(related.file) === path.resolve(finding.file) ? document.uri : vscode.Uri.file(related.file);
      return new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(related.range)), related.message);
    });
  }
  return diagnostic;
}

/** Core ranges are 0-based line/character, as VS Code counts. */
export function toRange(range: Finding['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

const packageRoots = new Map<string, string | undefined>();

/** The nearest folder above `file` holding a package.json: the app whose augmentation applies. */
function findPackageRoot(file: string): string | undefined {
  const start = path.dirname(file);
  if (packageRoots.has(start)) return packageRoots.get(start);
  let dir = start;
  let found: string | undefined;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      found = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  packageRoots.set(start, found);
  return found;
}
