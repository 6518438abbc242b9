import * as path from 'path';
import { applyEdits, modify } from 'jsonc-parser';
import { installCommand } from '../../detect/package-manager';
import { asRecord, parseJsonc } from '../../detect/jsonc';
import { REFRESH_STORES } from '../../settings';
import { loadAuthTemplate } from '../auth-template';
import { sameCode } from '../ensure-support';
import { declaringTemplate, ensureRefreshStore } from '../ensure-refresh-store';
import { currentConfig, relativeToApp, render, templateFor, type PlanContext } from '../plan-context';

/**
 * The Redis client the generated store module uses: node-redis, the client Redis itself maintains (typed,
 * promise-based, `SET … NX PX` and command timeouts built in). The module is type-checked against it.
 */
export const REDIS_CLIENT = { name: 'redis', range: '^6.3.1' } as const;

/**
 * Switches the generated refresh logic to the chosen store (see ensureRefreshStore) in the file that holds
 * it, and for `redis` adds what that store needs: the store module next to that file (refresh-store.ts or
 * .js; one the user changed is kept, with a note), and `redis` in package.json dependencies (the install
 * command in a note). Switching back to `memory` leaves the module and the dependency (the scaffold never
 * deletes) and says they are unused. When the request's store is only the default
 * (request.refreshStoreFromDefault), an app that declares the other generated store keeps it; the store
 * in effect is left in context.refreshStore (see refreshStoreOf). REDIS_URL is the env piece's
 * (generateEnv). Get-or-add: a second run changes nothing.
 */
export function generateRefreshStore(context: PlanContext): void {
  const { files, request, major } = context;
  const config = currentConfig(context);
  if (!config) return;
  const target = config.callbacksObject?.file ?? config.options.file;
  const source = files.edit(target);
  const language = /\.[cm]?jsx?$/.test(target) ? 'js' : 'ts';
  const templates = REFRESH_STORES.map((store) => ({ store, template: loadAuthTemplate(major, language, { ...request.settings, refreshStore: store }, source.style) }));
  // No store chosen (no flag, no setting): the app keeps the generated store it declares.
  const kept = request.refreshStoreFromDefault ? declaringTemplate(source, templates.map((t) => t.template)) : undefined;
  const store = templates.find((t) => t.template === kept)?.store ?? request.settings.refreshStore;
  context.refreshStore = store;
  const settings = { ...request.settings, refreshStore: store };
  const template = templates.find((t) => t.store === store)!.template;
  const alternatives = templates.filter((t) => t.store !== store).map((t) => t.template);
  const before = source.text;
  const { notes, declared } = ensureRefreshStore(source, template, alternatives);
  if (source.text !== before) files.save(source);
  context.notes.push(...notes);
  const moduleFile = path.join(path.dirname(target), `refresh-store.${language}`);
  if (settings.refreshStore !== 'redis') {
    if (declared === 'template' && files.isFile(moduleFile) && before !== source.text) {
      context.notes.push({ level: 'info', message: `Switched token rotation to the in-process store. ${relativeToApp(context, moduleFile)}, REDIS_URL and the ${REDIS_CLIENT.name} dependency are no longer used by the generated code; remove them if nothing else needs them.`, file: moduleFile });
    }
    return;
  }
  if (declared !== 'template') return;
  const text = render(context, templateFor('shared/refresh-store', language), path.basename(moduleFile));
  const existing = files.readFile(moduleFile);
  if (existing === undefined) {
    files.write(moduleFile, text);
    context.notes.push({ level: 'info', message: `Created ${relativeToApp(context, moduleFile)}: token rotations shared between server instances through Redis (REDIS_URL), falling back to this process when Redis is unreachable.`, file: moduleFile });
  } else if (!sameCode(existing, text)) {
    context.notes.push({ level: 'warning', message: `Kept your ${relativeToApp(context, moduleFile)}: it differs from the generated Redis refresh store, and the auth options import redisRefreshStore from it. Check it still exports redisRefreshStore(local, rememberFor).`, file: moduleFile });
  }
  ensureDependency(context, REDIS_CLIENT.name, REDIS_CLIENT.range);
}

/**
 * Adds `name@range` to the app's package.json dependencies unless it declares the package already (in any
 * dependency list), keeping the file's formatting; a note gives the install command for its package manager.
 */
function ensureDependency(context: PlanContext, name: string, range: string): void {
  const { files, request } = context;
  const file = path.join(request.project.root, 'package.json');
  const text = files.readFile(file);
  if (text === undefined) return;
  const pkg = asRecord(parseJsonc(text, file)) ?? {};
  const declaredIn = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].find((list) => asRecord(pkg[list])?.[name] !== undefined);
  if (declaredIn === 'devDependencies') {
    context.notes.push({ level: 'warning', message: `${name} is a devDependency in package.json; the Redis refresh store needs it at run time: move it to dependencies (a production install, npm ci --omit=dev, leaves it out).`, file });
  }
  if (declaredIn) return;
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const existing = Object.keys(asRecord(pkg.dependencies) ?? {});
  const edits = modify(text, ['dependencies', name], range, {
    formattingOptions: { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol },
    // Where npm would put it: in alphabetical order.
    getInsertionIndex: () => existing.filter((other) => other.localeCompare(name) < 0).length,
  });
  files.write(file, applyEdits(text, edits));
  const command = installCommand(request.project.packageManager, [`${name}@${range}`]);
  context.install.push(command);
  context.notes.push({ level: 'info', message: `Added ${name} ${range} to package.json dependencies (the Redis refresh store's client). Install it: ${command}`, file });
}
