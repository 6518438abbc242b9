// "Sent to the browser" (issue 13 item 3) as a user meets it: the CodeLens above each session callback, the hover on
// its head, the JSON shape the lens opens, and the setting that turns it off.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { appPath, LEAKING_AUTH_FILE, lineOf, setDocumentText } from './helpers';

const SAFE_AUTH_FILE = `import type { NextAuthOptions } from "next-auth";

export const authOptions: NextAuthOptions = {
  providers: [],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.id = user.id;
        token.accessToken = (user as any).accessToken;
        token.refreshToken = (user as any).refreshToken;
      }
      return token;
    },
    async session({ session, token }) {
      session.user.id = token.id as string;
      session.accessToken = token.accessToken as string;
      session.error = token.error as string | undefined;
      return session;
    },
  },
};
`;

const SAFE_TITLE = 'Sent to the browser: user.name, user.email, user.image, user.id, accessToken, error · no refresh token';

function lenses(uri: vscode.Uri): Thenable<vscode.CodeLens[]> {
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri).then((all) => (all ?? []).filter((l) => l.command?.command === 'nextauthScaffold.showSessionShape'));
}

/** Resolves once the lenses of `uri` satisfy `predicate`, re-asking after each change of the document or the settings. */
async function waitForLenses(uri: vscode.Uri, predicate: (titles: string[]) => boolean, what: string, timeoutMs = 20000): Promise<vscode.CodeLens[]> {
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  for (;;) {
    const current = await lenses(uri);
    last = current.map((l) => l.command?.title ?? '');
    if (predicate(last)) return current;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; lenses: ${JSON.stringify(last)}`);
    // The provider answers for the current version; wait for the next analysis or settings change before asking again.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      const listeners = [vscode.languages.onDidChangeDiagnostics(done), vscode.workspace.onDidChangeConfiguration(done), vscode.workspace.onDidChangeTextDocument(done)];
      function done() {
        clearTimeout(timer);
        listeners.forEach((l) => l.dispose());
        resolve();
      }
    });
  }
}

describe('"Sent to the browser" session lens', () => {
  const file = appPath('lib-auth-config', 'lib', 'lens-auth.ts');
  let document: vscode.TextDocument;
  const config = () => vscode.workspace.getConfiguration('nextauthScaffold');

  before(async () => {
    fs.writeFileSync(file, SAFE_AUTH_FILE);
    document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    await config().update('sessionLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await setDocumentText(document, SAFE_AUTH_FILE);
    await document.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file, { force: true });
  });

  it('shows the fields a safe callback sends, on the callback\'s line', async () => {
    const [lens, ...rest] = await waitForLenses(document.uri, (titles) => titles.length > 0, 'the session lens');
    assert.deepStrictEqual(rest, [], 'one lens for one session callback');
    assert.strictEqual(lens.command?.title, SAFE_TITLE);
    assert.strictEqual(lens.range.start.line, lineOf(SAFE_AUTH_FILE, 'async session('));
  });

  it('follows an edit: the whole JWT with the refresh token, as the leak rule says', async () => {
    await setDocumentText(document, LEAKING_AUTH_FILE);
    const [lens] = await waitForLenses(document.uri, (titles) => titles.some((t) => t.includes('whole JWT')), 'the leaking lens');
    assert.strictEqual(lens.command?.title, 'Sent to the browser: user = the whole JWT · includes refresh token');
    assert.strictEqual(lens.range.start.line, lineOf(LEAKING_AUTH_FILE, 'async session('));
    await setDocumentText(document, SAFE_AUTH_FILE);
    await waitForLenses(document.uri, (titles) => titles[0] === SAFE_TITLE, 'the safe lens again');
  });

  it('the lens opens the JSON /api/auth/session would return, read-only', async () => {
    const [lens] = await waitForLenses(document.uri, (titles) => titles[0] === SAFE_TITLE, 'the safe lens');
    const opened = await vscode.commands.executeCommand<vscode.Uri>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.ok(opened, 'the command returns the JSON document');
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), opened.toString(), 'the JSON is in the active editor');
    assert.strictEqual(editor.document.languageId, 'json');
    assert.strictEqual(opened.scheme, 'nextauth-session-shape', 'a virtual (read-only) document, not an untitled one');
    assert.deepStrictEqual(JSON.parse(editor.document.getText()), {
      user: { name: '<token.name>', email: '<token.email>', image: '<token.picture>', id: '<token.id>' },
      expires: '<ISO date>',
      accessToken: '<token.accessToken>',
      error: '<token.error>',
    });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('from the palette, the callback at the cursor', async () => {
    const editor = await vscode.window.showTextDocument(document);
    const line = lineOf(SAFE_AUTH_FILE, 'session.accessToken =');
    editor.selection = new vscode.Selection(line, 6, line, 6);
    const opened = await vscode.commands.executeCommand<vscode.Uri>('nextauthScaffold.showSessionShape');
    assert.ok(opened);
    assert.match(opened.path, /lens-auth\.ts \(line \d+\) session\.json$/);
    assert.ok(JSON.parse(vscode.window.activeTextEditor!.document.getText()).accessToken);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a hover on the callback\'s head shows the same as a table', async () => {
    await waitForLenses(document.uri, (titles) => titles[0] === SAFE_TITLE, 'the safe lens');
    const line = lineOf(SAFE_AUTH_FILE, 'async session(');
    const character = SAFE_AUTH_FILE.split('\n')[line].indexOf('session(') + 2;
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, character))) ?? [];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Sent to the browser/);
    assert.match(text, /\| `user\.id` \| `token\.id` \|/);
    assert.match(text, /no refresh token/);
  });

  it('nextauthScaffold.sessionLens.enabled turns it off and on again', async () => {
    await config().update('sessionLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    await waitForLenses(document.uri, (titles) => titles.length === 0, 'no lens when disabled');
    await config().update('sessionLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForLenses(document.uri, (titles) => titles[0] === SAFE_TITLE, 'the lens back');
  });
});
