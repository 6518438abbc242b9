import * as vscode from 'vscode';
import { SHOW_LOG_COMMAND } from './commands';
import { ANALYZED_DOCUMENTS } from './diagnostics';
import type { LoadState, TrackedLoader } from './engine';
import { CONFIG_SECTION, readDiagnosticsSettings } from './settings';

/** VS Code's command that opens the Workspace Trust editor. */
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

/** What the Restricted Mode entries say: the writing commands are disabled there, and not by accident. */
export const RESTRICTED_MODE_TEXT = 'NextAuth: the scaffold commands need a trusted folder';

/** One status entry as the user sees it; the integration suite reads these through the extension's exports. */
export interface StatusEntryView {
  readonly text: string;
  readonly detail: string;
  readonly busy: boolean;
  readonly severity: 'information' | 'warning' | 'error';
  readonly command?: { readonly title: string; readonly command: string; readonly arguments?: readonly unknown[] };
}

export interface StatusView {
  /** The language status item on TS/JS documents ("NextAuth checks: on · 3 files"). */
  readonly checks: StatusEntryView;
  /** Present only in Restricted Mode: the language status item and the status bar item saying why nothing writes. */
  readonly restrictedMode?: { readonly languageStatus: StatusEntryView; readonly statusBar: { readonly text: string; readonly tooltip: string; readonly command: string } };
}

/** What the status needs from the diagnostics manager (src/vscode/diagnostics.ts). */
export interface CheckedDocumentsSource {
  readonly onDidChangeResults: vscode.Event<void>;
  checkedDocuments(): { readonly files: number; readonly withFindings: number };
}

/** The checks' state as text: a pure function of what the status shows, kept apart for reading. */
export function describeChecks(enabled: boolean, engine: LoadState, checked: { readonly files: number; readonly withFindings: number }): StatusEntryView {
  const showLog = { title: 'Show Log', command: SHOW_LOG_COMMAND };
  if (!enabled) {
    return {
      text: 'NextAuth checks: off',
      detail: `${CONFIG_SECTION}.diagnostics.enabled is false`,
      busy: false,
      severity: 'information',
      command: { title: 'Settings', command: 'workbench.action.openSettings', arguments: [`${CONFIG_SECTION}.diagnostics`] },
    };
  }
  if (engine.kind === 'failed') {
    return { text: 'NextAuth checks: engine failed to load', detail: engine.error, busy: false, severity: 'error', command: showLog };
  }
  const files = `${checked.files} ${checked.files === 1 ? 'file' : 'files'}`;
  // Short: the language status hover is narrow, and a row that overflows hides its link.
  const findings = checked.withFindings === 0 ? 'no findings' : `${checked.withFindings} with findings`;
  return {
    text: engine.kind === 'loading' ? `NextAuth checks: on · ${files} · engine loading…` : `NextAuth checks: on · ${files}`,
    detail: findings,
    busy: engine.kind === 'loading',
    severity: 'information',
    command: showLog,
  };
}

const SEVERITY: Record<StatusEntryView['severity'], vscode.LanguageStatusSeverity> = {
  information: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
};

/**
 * The extension's status, like vscode-eslint's and rust-analyzer's: a language status item on TS/JS
 * documents saying whether the checks run, how many open files they hold a verdict for and whether the
 * engine is loading or failed, linking to the log; and in Restricted Mode an entry (language status and
 * status bar) saying the scaffold commands need a trusted folder, gone once the folder is trusted.
 * Reads state only: it never loads the engine.
 */
export class NextAuthStatus implements vscode.Disposable {
  private readonly checks = vscode.languages.createLanguageStatusItem('nextauthScaffold.checks', ANALYZED_DOCUMENTS);
  private restricted: { readonly languageStatus: vscode.LanguageStatusItem; readonly statusBar: vscode.StatusBarItem } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the entries changed (for the integration suite, through the extension's exports). */
  readonly onDidChange: vscode.Event<void> = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.checks, this.changed];
  private lastEngineError: string | undefined;

  constructor(
    private readonly documents: CheckedDocumentsSource,
    private readonly engine: TrackedLoader<unknown>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.checks.name = 'NextAuth Scaffold';
    const unsubscribe = engine.onDidChangeState((state) => {
      if (state.kind === 'failed' && state.error !== this.lastEngineError) this.log.error(`The analysis engine failed to load: ${state.error}`);
      this.lastEngineError = state.kind === 'failed' ? state.error : undefined;
      this.update();
    });
    this.disposables.push(
      { dispose: unsubscribe },
      documents.onDidChangeResults(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.diagnostics.enabled`)) this.update();
      }),
    );
    if (!vscode.workspace.isTrusted) {
      this.restricted = createRestrictedModeEntries();
      this.disposables.push(
        vscode.workspace.onDidGrantWorkspaceTrust(() => {
          this.restricted?.languageStatus.dispose();
          this.restricted?.statusBar.dispose();
          this.restricted = undefined;
          this.changed.fire();
        }),
      );
    }
    this.update();
  }

  /** What the entries show now. */
  view(): StatusView {
    const checks = describeChecks(this.enabled(), this.engine.state, this.documents.checkedDocuments());
    if (!this.restricted) return { checks };
    const { statusBar } = this.restricted;
    return {
      checks,
      restrictedMode: {
        languageStatus: RESTRICTED_MODE_ENTRY,
        statusBar: { text: statusBar.text, tooltip: typeof statusBar.tooltip === 'string' ? statusBar.tooltip : (statusBar.tooltip?.value ?? ''), command: MANAGE_TRUST_COMMAND },
      },
    };
  }

  dispose(): void {
    this.restricted?.languageStatus.dispose();
    this.restricted?.statusBar.dispose();
    this.restricted = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** `diagnostics.enabled` for the active document (a resource setting), else the workspace's. */
  private enabled(): boolean {
    return readDiagnosticsSettings(vscode.window.activeTextEditor?.document.uri).enabled;
  }

  private update(): void {
    apply(this.checks, describeChecks(this.enabled(), this.engine.state, this.documents.checkedDocuments()));
    this.changed.fire();
  }
}

// No detail: the language status hover is narrow, and the sentence with its link already fills a row.
const RESTRICTED_MODE_ENTRY: StatusEntryView = {
  text: RESTRICTED_MODE_TEXT,
  detail: '',
  busy: false,
  severity: 'warning',
  command: { title: 'Manage Trust', command: MANAGE_TRUST_COMMAND },
};

function createRestrictedModeEntries(): { languageStatus: vscode.LanguageStatusItem; statusBar: vscode.StatusBarItem } {
  const languageStatus = vscode.languages.createLanguageStatusItem('nextauthScaffold.restrictedMode', ANALYZED_DOCUMENTS);
  languageStatus.name = 'NextAuth Scaffold: Restricted Mode';
  apply(languageStatus, RESTRICTED_MODE_ENTRY);
  // The status bar entry shows whatever the active editor is: the palette is where the commands went missing.
  const statusBar = vscode.window.createStatusBarItem('nextauthScaffold.restrictedMode', vscode.StatusBarAlignment.Left, -100);
  statusBar.name = 'NextAuth Scaffold: Restricted Mode';
  statusBar.text = '$(workspace-untrusted) NextAuth';
  statusBar.tooltip = `${RESTRICTED_MODE_TEXT}. Click to manage Workspace Trust; the checks still run.`;
  statusBar.accessibilityInformation = { label: `${RESTRICTED_MODE_TEXT}. Manage Workspace Trust.` };
  statusBar.command = MANAGE_TRUST_COMMAND;
  statusBar.show();
  return { languageStatus, statusBar };
}

function apply(item: vscode.LanguageStatusItem, view: StatusEntryView): void {
  item.text = view.text;
  item.detail = view.detail;
  item.busy = view.busy;
  item.severity = SEVERITY[view.severity];
  item.accessibilityInformation = { label: view.detail ? `${view.text}, ${view.detail}` : view.text };
  item.command = view.command ? { title: view.command.title, command: view.command.command, arguments: view.command.arguments ? [...view.command.arguments] : undefined } : undefined;
}
