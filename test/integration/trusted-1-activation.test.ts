// Runs first: nothing in the workspace has been opened yet, so what is loaded now is what activation loaded.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

const HEAVY_MODULES = /[\\/](dist[\\/]engine\.js|node_modules[\\/](typescript|ts-morph|@ts-morph)[\\/])/;

describe('activation', () => {
  it('activates in a Next.js workspace without loading the engine, ts-morph or TypeScript', async () => {
    const extension = vscode.extensions.getExtension<{ activateMs: number }>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const api = await extension.activate();
    assert.ok(extension.isActive);
    const heavy = Object.keys(require.cache).filter((file) => HEAVY_MODULES.test(file));
    assert.deepStrictEqual(heavy, [], 'activation loaded no heavy module');

    // How long loading the bundle takes, measured on a second copy so the live one stays registered.
    const main = path.join(extension.extensionPath, 'dist', 'extension.js');
    const live = require.cache[main];
    delete require.cache[main];
    const started = performance.now();
    require(main);
    const requireMs = performance.now() - started;
    if (live) require.cache[main] = live;
    else delete require.cache[main];

    const measurement = { vscodeVersion: vscode.version, activateMs: api.activateMs, requireMs, engineLoaded: false, measuredAt: new Date().toISOString() };
    const artifacts = path.join(extension.extensionPath, '.test-artifacts');
    fs.mkdirSync(artifacts, { recursive: true });
    fs.writeFileSync(path.join(artifacts, 'activation.json'), JSON.stringify(measurement, null, 2) + '\n');
    console.log(`activation: activate() ${api.activateMs.toFixed(2)} ms, require(dist/extension.js) ${requireMs.toFixed(2)} ms, VS Code ${vscode.version}`);
  });

  it('registers every command the manifest contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.deepStrictEqual(contributed.sort(), [
      'nextauthScaffold.addCallbacks',
      'nextauthScaffold.addRouteProtection',
      'nextauthScaffold.chooseRefreshStore',
      'nextauthScaffold.generateTypes',
      'nextauthScaffold.scaffoldCredentials',
      'nextauthScaffold.showLog',
      'nextauthScaffold.showSessionShape',
    ]);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(contributed.filter((id) => !registered.has(id)), []);
  });
});
