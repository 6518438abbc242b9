// The four writing commands, run through executeCommand with their questions answered by args,
// on temp copies of the fixture apps; the result is checked on disk.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { appPath, differences, lineOf, restore, runCommand, snapshot, syntaxErrors, waitForPreview, withoutSecrets, workspaceRoot, writeWorkspaceFile } from './helpers';

const SCAFFOLD = 'nextauthScaffold.scaffoldCredentials';
const CALLBACKS = 'nextauthScaffold.addCallbacks';
const TYPES = 'nextauthScaffold.generateTypes';
const PROTECT = 'nextauthScaffold.addRouteProtection';

const FIXTURES: Array<{ app: string; router: 'app' | 'pages' }> = [
  { app: 'app-router-src', router: 'app' },
  { app: 'pages-router-oauth', router: 'pages' },
  { app: 'lib-auth-config', router: 'app' },
  { app: 'v5-app-oauth', router: 'app' },
  { app: 'v5-fresh-src', router: 'app' },
  { app: 'js-app-router', router: 'app' },
  { app: 'js-pages-commonjs', router: 'pages' },
];

const relative = (root: string, files: readonly string[]) => files.map((f) => path.relative(root, f)).sort();
const isCode = (file: string) => /\.(ts|tsx|js|jsx|mjs|cjs)$/.test(file);

describe('Scaffold Credentials Authentication', () => {
  for (const { app, router } of FIXTURES) {
    it(`${app}: writes the plan, a second run changes nothing, undo restores every file`, async () => {
      const root = appPath(app);
      const original = snapshot(root);

      const first = await runCommand(SCAFFOLD, { appRoot: root, router, apply: true });
      assert.strictEqual(first.status, 'applied', first.message);
      assert.deepStrictEqual(first.unsaved, []);
      const afterFirst = snapshot(root);
      // Exactly the files the command reports changed on disk, all saved (nothing left dirty by us).
      assert.deepStrictEqual(differences(original, afterFirst), relative(root, first.files));
      assert.ok(first.files.length > 0);
      assert.ok([...afterFirst.keys()].some((f) => f.includes('[...nextauth]')), 'a NextAuth route handler exists');
      assert.ok(afterFirst.get('.env.local')?.match(/^(NEXTAUTH|AUTH)_SECRET=.+/m), '.env.local has a secret');
      for (const file of first.files.filter(isCode)) assert.deepStrictEqual(syntaxErrors(file, fs.readFileSync(file, 'utf8')), [], `${file} parses`);
      const active = vscode.window.activeTextEditor?.document.uri.fsPath;
      assert.ok(active && first.files.includes(active), `the main file is open (active: ${active})`);

      const second = await runCommand(SCAFFOLD, { appRoot: root, router, apply: true });
      assert.strictEqual(second.status, 'nothing-to-change', second.message);
      assert.deepStrictEqual(differences(afterFirst, snapshot(root)), []);

      // Undo from an editor that took part in the edit reverts the whole WorkspaceEdit: updated documents
      // get their old text back (unsaved, as after any undo) and created files are deleted.
      const updated = first.files.find((f) => original.has(path.relative(root, f)));
      await vscode.window.showTextDocument(vscode.Uri.file(updated ?? first.files[0]));
      await vscode.commands.executeCommand('undo');
      for (const file of first.files) {
        const name = path.relative(root, file);
        if (!original.has(name)) {
          assert.ok(!fs.existsSync(file), `undo deleted the created ${name}`);
          continue;
        }
        const document = await vscode.workspace.openTextDocument(file);
        assert.strictEqual(document.getText(), original.get(name), `undo restored ${name}`);
        if (document.isDirty) assert.ok(await document.save(), `${name} saved after undo`);
      }
      assert.deepStrictEqual(differences(original, snapshot(root)), [], 'after undo and save the app is as it was');
      await restore(root, original);
    });
  }

  it('refuses an auth config that does not parse, naming file and line, and writes nothing', async () => {
    const root = appPath('lib-auth-config');
    const original = snapshot(root);
    const authFile = path.join(root, 'lib', 'auth.ts');
    await writeWorkspaceFile(authFile, original.get(path.join('lib', 'auth.ts')) + '\nexport const broken = {\n');
    const broken = snapshot(root);
    try {
      const result = await runCommand(SCAFFOLD, { appRoot: root, router: 'app', apply: true });
      assert.strictEqual(result.status, 'refused');
      assert.match(result.message ?? '', /lib[\\/]auth\.ts:\d+/);
      assert.deepStrictEqual(differences(broken, snapshot(root)), []);
    } finally {
      await restore(root, original);
    }
  });

  it('refuses a folder that is not a Next.js app and writes nothing', async () => {
    const root = path.join(workspaceRoot(), 'not-a-next-app');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "plain", "dependencies": { "express": "^4.0.0" } }\n');
    const before = snapshot(workspaceRoot());
    try {
      const result = await runCommand(SCAFFOLD, { appRoot: root, router: 'app', apply: true });
      assert.strictEqual(result.status, 'refused');
      // The folder, relative, then what is wrong: no long absolute path in front of the advice.
      assert.strictEqual(result.message, `not-a-next-app${path.sep}package.json: Not a Next.js app: its package.json does not list "next" in "dependencies" or "devDependencies".`);
      assert.deepStrictEqual(differences(before, snapshot(workspaceRoot())), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the editor flow', () => {
  const root = () => appPath('v5-fresh-src');
  // What scaffolding v5-fresh-src writes (absolute path -> text): applied once, then the app is put back.
  let planned: Map<string, string>;
  before(async () => {
    const original = snapshot(root());
    const result = await runCommand(SCAFFOLD, { appRoot: root(), router: 'app', apply: true });
    assert.strictEqual(result.status, 'applied', result.message);
    planned = new Map(result.files.map((file) => [file, fs.readFileSync(file, 'utf8')]));
    assert.ok([...planned.keys()].some((file) => original.has(path.relative(root(), file))), 'the plan updates an existing file too');
    await restore(root(), original);
  });

  it("Preview: every entry starts ticked, and the refactor preview's own Apply writes them all", async () => {
    const original = snapshot(root());
    try {
      const pending = runCommand(SCAFFOLD, { appRoot: root(), router: 'app', preview: true });
      await waitForPreview(planned, pending);
      // What the Apply button of the refactor preview runs.
      await vscode.commands.executeCommand('refactorPreview.apply');
      const result = await pending;
      assert.strictEqual(result.status, 'applied', result.message);
      assert.deepStrictEqual([...result.files].sort(), [...planned.keys()].sort());
      for (const [file, text] of planned) assert.strictEqual(withoutSecrets(fs.readFileSync(file, 'utf8')), withoutSecrets(text), `${file} written as planned`);
    } finally {
      await restore(root(), original);
    }
  });

  it('Preview discarded: nothing is written, and the user is told, with a way to run it again', async () => {
    const original = snapshot(root());
    try {
      const pending = runCommand(SCAFFOLD, { appRoot: root(), router: 'app', preview: true });
      await waitForPreview(planned, pending);
      await vscode.commands.executeCommand('refactorPreview.discard');
      const result = await pending;
      assert.strictEqual(result.status, 'not-applied', result.message);
      assert.match(result.message ?? '', /^NextAuth: nothing was applied: the refactor preview was discarded, or every change in it was unticked\. Run "Scaffold Credentials Authentication" again/);
      assert.deepStrictEqual(differences(original, snapshot(root())), []);
    } finally {
      await restore(root(), original);
    }
  });

  it('updates files with text edits of what changes, not a replacement of the whole file', async () => {
    const original = snapshot(root());
    const layout = path.join(root(), 'src', 'app', 'layout.tsx');
    const document = await vscode.workspace.openTextDocument(layout);
    const untouched = lineOf(document.getText(), 'export default function');
    const changes: vscode.TextDocumentContentChangeEvent[] = [];
    const listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.fsPath === layout) changes.push(...event.contentChanges);
    });
    try {
      const result = await runCommand(SCAFFOLD, { appRoot: root(), router: 'app', apply: true });
      assert.strictEqual(result.status, 'applied', result.message);
      assert.ok(result.files.includes(layout), 'the layout was updated');
      assert.ok(changes.length >= 2, `separate edits for the import and the JSX (${changes.length})`);
      for (const change of changes) {
        assert.ok(!(change.range.start.line <= untouched && change.range.end.line >= untouched), `an edit spans the unchanged line ${untouched}: ${JSON.stringify(change.range)}`);
      }
    } finally {
      listener.dispose();
      await restore(root(), original);
    }
  });

  it('Cancel on the progress notification stops the command before anything is written', async () => {
    const app = appPath('app-router-src');
    const original = snapshot(app);
    try {
      const pending = runCommand(SCAFFOLD, { appRoot: app, router: 'app', apply: true });
      // The command's progress notification is the newest one and its primary action is Cancel: this is
      // what clicking Cancel on it does.
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      const result = await pending;
      assert.strictEqual(result.status, 'cancelled', result.message);
      assert.deepStrictEqual(differences(original, snapshot(app)), []);
    } finally {
      await restore(app, original);
    }
  });
});

describe('Add JWT and Session Callbacks', () => {
  it('merges into the auth options of the active editor; a second run changes nothing', async () => {
    const root = appPath('lib-auth-config');
    const original = snapshot(root);
    const authFile = path.join(root, 'lib', 'auth.ts');
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(authFile));
      const first = await runCommand(CALLBACKS, { appRoot: root, apply: true });
      assert.strictEqual(first.status, 'applied', first.message);
      assert.ok(first.files.includes(authFile), `lib/auth.ts was updated (${first.files.join(', ')})`);
      const text = fs.readFileSync(authFile, 'utf8');
      assert.match(text, /\bjwt\b/);
      assert.match(text, /\bsession\b/);
      assert.match(text, /EmailProvider\(/, 'the existing provider is kept');
      assert.deepStrictEqual(syntaxErrors(authFile, text), []);
      const second = await runCommand(CALLBACKS, { appRoot: root, apply: true });
      assert.strictEqual(second.status, 'nothing-to-change');
    } finally {
      await restore(root, original);
    }
  });

  it('keeps callbacks the user already wrote and says so', async () => {
    const root = appPath('pages-router-oauth');
    const original = snapshot(root);
    const authFile = path.join(root, 'pages', 'api', 'auth', '[...nextauth].ts');
    try {
      const result = await runCommand(CALLBACKS, { appRoot: root, authConfigFile: authFile, apply: true });
      assert.ok(result.status === 'applied' || result.status === 'nothing-to-change', result.message);
      const text = fs.readFileSync(authFile, 'utf8');
      assert.ok(text.includes('token.githubAccessToken = account.access_token'), 'the user jwt callback is untouched');
      assert.ok(text.includes('// Only the display name goes to the browser'), 'the user session callback is untouched');
      assert.ok(result.notes.length > 0, 'the user is told their callbacks were kept');
    } finally {
      await restore(root, original);
    }
  });

  it('merges into an unsaved editor buffer and leaves it for the user to save', async () => {
    const root = appPath('lib-auth-config');
    const original = snapshot(root);
    const authFile = path.join(root, 'lib', 'auth.ts');
    try {
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(authFile));
      await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '// unsaved note from the user\n'));
      assert.ok(editor.document.isDirty);
      const result = await runCommand(CALLBACKS, { appRoot: root, apply: true });
      assert.strictEqual(result.status, 'applied', result.message);
      assert.ok(editor.document.isDirty, 'still unsaved');
      assert.ok(editor.document.getText().startsWith('// unsaved note from the user\n'));
      assert.match(editor.document.getText(), /\bjwt\b/);
      const disk = fs.readFileSync(authFile, 'utf8');
      assert.strictEqual(disk, original.get(path.join('lib', 'auth.ts')), `disk untouched (disk has callbacks: ${/\bjwt\b/.test(disk)})`);
    } finally {
      await restore(root, original);
    }
  });
});

describe('Generate Type Augmentation', () => {
  it('writes next-auth.d.ts for the fields the callbacks use; a second run changes nothing', async () => {
    const root = appPath('lib-auth-config');
    const original = snapshot(root);
    try {
      const scaffold = await runCommand(SCAFFOLD, { appRoot: root, router: 'app', apply: true });
      assert.strictEqual(scaffold.status, 'applied', scaffold.message);
      const declarations = [...snapshot(root).keys()].filter((f) => f.endsWith('next-auth.d.ts'));
      assert.strictEqual(declarations.length, 1, `one next-auth.d.ts (${declarations.join(', ')})`);
      const file = path.join(root, declarations[0]);
      fs.rmSync(file);
      const generated = await runCommand(TYPES, { appRoot: root, apply: true });
      assert.strictEqual(generated.status, 'applied', generated.message);
      const text = fs.readFileSync(file, 'utf8');
      assert.match(text, /declare module ["']next-auth["']/);
      assert.match(text, /declare module ["']next-auth\/jwt["']/);
      assert.match(text, /accessToken/);
      assert.strictEqual((await runCommand(TYPES, { appRoot: root, apply: true })).status, 'nothing-to-change');
    } finally {
      await restore(root, original);
    }
  });
});

describe('Add Route Protection', () => {
  for (const app of ['app-router-src', 'v5-fresh-src']) {
    it(`${app}: protects the given paths; a second run changes nothing`, async () => {
      const root = appPath(app);
      const original = snapshot(root);
      try {
        // Route protection builds on an auth setup (v5 middleware imports `auth` from it): scaffold first.
        assert.strictEqual((await runCommand(SCAFFOLD, { appRoot: root, router: 'app', apply: true })).status, 'applied');
        const matcher = ['/dashboard/:path*', '/account/:path*'];
        const first = await runCommand(PROTECT, { appRoot: root, router: 'app', matcher, apply: true });
        assert.strictEqual(first.status, 'applied', first.message);
        const guard = first.files.find((f) => /(^|[\\/])(middleware|proxy)\.(ts|js)$/.test(f));
        assert.ok(guard, `a middleware/proxy file was written (${first.files.join(', ')})`);
        const text = fs.readFileSync(guard, 'utf8');
        for (const m of matcher) assert.ok(text.includes(m), `${m} is in the matcher`);
        assert.deepStrictEqual(syntaxErrors(guard, text), []);
        assert.strictEqual((await runCommand(PROTECT, { appRoot: root, router: 'app', matcher, apply: true })).status, 'nothing-to-change');
      } finally {
        await restore(root, original);
      }
    });
  }
});

describe('Choose Refresh Store…', () => {
  const CHOOSE = 'nextauthScaffold.chooseRefreshStore';
  const setting = (root: string) => vscode.workspace.getConfiguration('nextauthScaffold', vscode.Uri.file(root)).inspect<string>('refreshStore')?.workspaceFolderValue;

  it('saves the choice in the folder setting and scaffolds with it; choosing again switches back', async () => {
    const root = appPath('app-router-src');
    const original = snapshot(root);
    try {
      const redis = await runCommand(CHOOSE, { store: 'redis', appRoot: root, router: 'app', apply: true });
      assert.strictEqual(redis.status, 'applied', redis.message);
      assert.strictEqual(setting(root), 'redis');
      const store = redis.files.find((f) => /refresh-store\.ts$/.test(f));
      assert.ok(store, `the Redis store module is written: ${relative(root, redis.files).join(', ')}`);
      const options = redis.files.find((f) => fs.readFileSync(f, 'utf8').includes('redisRefreshStore(inProcessRefreshStore()'));
      assert.ok(options, 'the generated refresh logic uses the Redis store');
      assert.strictEqual((await runCommand(SCAFFOLD, { appRoot: root, router: 'app', apply: true })).status, 'nothing-to-change', 'the scaffold command follows the saved setting');

      const memory = await runCommand(CHOOSE, { store: 'memory', appRoot: root, router: 'app', apply: true });
      assert.strictEqual(memory.status, 'applied', memory.message);
      assert.strictEqual(setting(root), 'memory');
      assert.deepStrictEqual(memory.files, [options], 'switching edits the auth options only');
      assert.match(fs.readFileSync(options, 'utf8'), /\?\?= inProcessRefreshStore\(\)/);
    } finally {
      await vscode.workspace.getConfiguration('nextauthScaffold', vscode.Uri.file(root)).update('refreshStore', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await restore(root, original);
    }
  });
});
