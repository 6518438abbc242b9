// Shared helpers for the suites that run inside VS Code. They wait on VS Code's own events with a
// deadline (never a fixed sleep), and compare the workspace on disk before and after.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { StatusView } from '../../src/vscode/language-status';

export const EXTENSION_ID = 'nextauth-scaffold.nextauth-scaffold';
export const DIAGNOSTIC_SOURCE = 'nextauth-scaffold';

/** Result shape the commands return to executeCommand (src/vscode/scaffold-command.ts). */
export interface CommandResult {
  status: 'applied' | 'nothing-to-change' | 'cancelled' | 'refused' | 'not-applied' | 'failed';
  files: string[];
  unsaved?: string[];
  notes: Array<{ level: 'info' | 'warning'; message: string; file?: string; line?: number }>;
  message?: string;
}

/** The single workspace folder: a temp copy of every fixture app, one per subfolder. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

export function appPath(app: string, ...segments: string[]): string {
  return path.join(workspaceRoot(), app, ...segments);
}

/** Every file under `dir` (relative path -> text), skipping node_modules and editor state. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.vscode') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** Files added, removed or changed between two snapshots, sorted; empty when equal. */
export function differences(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

export async function runCommand(id: string, args?: object): Promise<CommandResult> {
  const result = await vscode.commands.executeCommand<CommandResult>(id, args);
  assert.ok(result && typeof result.status === 'string', `${id} returned a result`);
  return result;
}

/** Resolves once `predicate` holds for the document's diagnostics from us; rejects at the deadline. */
export function waitForDiagnostics(uri: vscode.Uri, predicate: (diagnostics: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 20000): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
  return new Promise((resolve, reject) => {
    const now = ours();
    if (predicate(now)) {
      resolve(now);
      return;
    }
    const timer = setTimeout(() => {
      listener.dispose();
      const seen = ours().map((d) => `${d.code} @${d.range.start.line}:${d.range.start.character} ${d.message}`);
      reject(new Error(`timed out waiting for ${what} on ${uri.fsPath}; diagnostics: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const current = ours();
      if (!predicate(current)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(current);
    });
  });
}

/** Replaces a document's whole text (as a user edit would) and returns once VS Code applied it. */
export async function setDocumentText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, document.validateRange(new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
}

/** 0-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split(/\r?\n/).findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `"${needle}" is in the text`);
  return index;
}

/** Syntax errors TypeScript reports for the text (empty = it parses). Loaded lazily: see the activation test. */
export function syntaxErrors(fileName: string, text: string): string[] {
  const ts = require('typescript') as typeof import('typescript');
  // A declaration file has no output to transpile; its statements parse the same in a .ts file.
  const output = ts.transpileModule(text, { fileName: fileName.replace(/\.d\.ts$/, '.ts'), reportDiagnostics: true, compilerOptions: { jsx: ts.JsxEmit.Preserve } });
  return (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** A NextAuth v4 options file whose session callback hands the whole JWT (with the refresh token) to the browser, as the seed tutorial does. */
export const LEAKING_AUTH_FILE = `import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";

export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      credentials: { email: {}, password: {} },
      async authorize() {
        return null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.accessToken = (user as any).accessToken;
        token.refreshToken = (user as any).refreshToken;
      }
      return token;
    },
    async session({ session, token }) {
      session.user = token as any;
      return session;
    },
  },
};
`;

/** Puts `dir` back to `saved` on disk (removing files created since) and closes every editor unsaved. */
export async function restore(dir: string, saved: Map<string, string>): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && document.uri.scheme === 'file') {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const now = snapshot(dir);
  // Deleted through VS Code, which drops its documents of them at once: after a plain disk delete, a
  // document lingers until the file watcher notices, and a new plan would see the old text there.
  const created = [...now.keys()].filter((name) => !saved.has(name));
  if (created.length > 0) {
    const removal = new vscode.WorkspaceEdit();
    for (const name of created) removal.deleteFile(vscode.Uri.file(path.join(dir, name)), { ignoreIfNotExists: true });
    assert.ok(await vscode.workspace.applyEdit(removal), 'created files deleted');
  }
  for (const [name, text] of saved) if (now.get(name) !== text) await writeWorkspaceFile(path.join(dir, name), text);
}

/**
 * Writes a file the way a user's other tools would without racing VS Code: through the document when
 * VS Code holds one (so model and disk agree at once; a plain disk write reaches the model later, via
 * the file watcher, and a save in between fails with "file modified since"), else straight to disk.
 */
export async function writeWorkspaceFile(file: string, text: string): Promise<void> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open) {
    await setDocumentText(open, text);
    assert.ok(await open.save(), `${file} saved`);
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** The scheme of the documents VS Code's refactor preview shows each file's planned text in. */
export const PREVIEW_SCHEME = 'vscode-bulkeditpreview-editor';

/**
 * Resolves once the refactor preview is fully built: for every file in `planned` (absolute path -> text),
 * its preview document holds that text (generated secrets aside). (Its checked entries are applied to those documents, so an
 * unticked update would never match.) Acting on the preview before then races VS Code building it, which
 * then logs "Unable to resolve resource vscode-bulkeditpreview-editor://…" for each file.
 */
export function waitForPreview(planned: ReadonlyMap<string, string>, command: Promise<CommandResult>, timeoutMs = 60000): Promise<void> {
  const ready = () =>
    [...planned].every(([file, text]) =>
      vscode.workspace.textDocuments.some((d) => d.uri.scheme === PREVIEW_SCHEME && d.uri.path === vscode.Uri.file(file).path && withoutSecrets(d.getText()) === withoutSecrets(text)),
    );
  return new Promise((resolve, reject) => {
    if (ready()) {
      resolve();
      return;
    }
    const listeners: vscode.Disposable[] = [];
    const finish = (error?: Error) => {
      clearTimeout(timer);
      listeners.forEach((l) => l.dispose());
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (ready()) finish();
    };
    const timer = setTimeout(() => {
      const seen = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === PREVIEW_SCHEME).map((d) => d.uri.path);
      finish(new Error(`timed out waiting for the refactor preview of ${[...planned.keys()].join(', ')}; preview documents: ${seen.join(', ')}`));
    }, timeoutMs);
    listeners.push(vscode.workspace.onDidOpenTextDocument(check), vscode.workspace.onDidChangeTextDocument(check));
    // A command that ends without showing the preview will never satisfy `ready`.
    void command.then((result) => finish(new Error(`the command ended before its preview was built: ${JSON.stringify(result)}`)), (error: Error) => finish(error));
  });
}

/** `text` with generated secrets (fresh random bytes on every run) blanked, for comparing two runs' output. */
export function withoutSecrets(text: string): string {
  return text.replace(/^((?:NEXTAUTH|AUTH)_SECRET=).*$/gm, '$1…');
}

/** The extension's exports (src/extension.ts ExtensionApi), activating it if needed. */
export async function extensionApi(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

/** Resolves with the status entries once `predicate` holds for them; rejects at the deadline with what they showed. */
export function waitForStatus(api: ExtensionApi, predicate: (view: StatusView) => boolean, what: string, timeoutMs = 30000): Promise<StatusView> {
  return new Promise((resolve, reject) => {
    if (predicate(api.status.view())) {
      resolve(api.status.view());
      return;
    }
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}; the status shows ${JSON.stringify(api.status.view())}`));
    }, timeoutMs);
    const listener = api.status.onDidChange(() => {
      const view = api.status.view();
      if (!predicate(view)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(view);
    });
  });
}
