import * as vscode from 'vscode';
import type { RefreshStoreKind, ScaffoldSettings } from '../core/settings';

/** Section of every setting this extension contributes (package.json `contributes.configuration`). */
export const CONFIG_SECTION = 'nextauthScaffold';

/**
 * The scaffold settings for a resource (workspace folder settings win over user settings). Defaults
 * mirror DEFAULT_SETTINGS in core; they are repeated here because reading core at runtime would load
 * the engine, and package.json declares the same defaults for the Settings UI.
 */
export function readScaffoldSettings(scope?: vscode.Uri): ScaffoldSettings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  return {
    apiBaseUrlEnv: config.get<string>('apiBaseUrlEnv', 'API_BASE_URL').trim(),
    loginPath: config.get<string>('loginPath', '/login').trim(),
    refreshPath: config.get<string>('refreshPath', '/refresh').trim(),
    usernameField: config.get<string>('usernameField', 'email').trim(),
    passwordField: config.get<string>('passwordField', 'password').trim(),
    exposeAccessToken: config.get<boolean>('session.exposeAccessToken', true),
    // Checked by settingProblems like the others: a bad value is refused with the rule named.
    refreshStore: String(config.get<unknown>('refreshStore', 'memory')).trim() as RefreshStoreKind,
  };
}

/**
 * Whether the user set `nextauthScaffold.refreshStore` (user, workspace or folder settings) for a resource.
 * When nobody did, its default is no choice: the scaffold keeps the store the app's generated code uses.
 */
export function refreshStoreConfigured(scope?: vscode.Uri): boolean {
  const inspected = vscode.workspace.getConfiguration(CONFIG_SECTION, scope).inspect<unknown>('refreshStore');
  return inspected !== undefined && [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue].some((value) => value !== undefined);
}

export type DiagnosticSeveritySetting = 'warning' | 'error' | 'information';

export interface DiagnosticsSettings {
  readonly enabled: boolean;
  readonly severity: vscode.DiagnosticSeverity;
  /** Extra field names treated as refresh tokens. */
  readonly sensitiveFields: readonly string[];
}

/** The diagnostics settings for a resource; unknown severities fall back to Warning. */
export function readDiagnosticsSettings(scope?: vscode.Uri): DiagnosticsSettings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const severityName = config.get<string>('diagnostics.severity', 'warning');
  const severity =
    severityName === 'error'
      ? vscode.DiagnosticSeverity.Error
      : severityName === 'information'
        ? vscode.DiagnosticSeverity.Information
        : vscode.DiagnosticSeverity.Warning;
  const fields = config.get<unknown>('diagnostics.sensitiveFields', []);
  return {
    enabled: config.get<boolean>('diagnostics.enabled', true),
    severity,
    sensitiveFields: Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => f.trim()) : [],
  };
}

/** `nextauthScaffold.sessionLens.enabled`: the "Sent to the browser" CodeLens and hover above session callbacks. */
export function readSessionLensEnabled(scope?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(CONFIG_SECTION, scope).get<boolean>('sessionLens.enabled', true);
}
