import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { loadTemplate } from '../../src/core/scaffold/templates';

const root = path.resolve(__dirname, '..', '..');

/** How a refresh ended, as the generated auth options report it to the store. */
export type Outcome = { kind: 'rotated'; tokens: { accessToken: string; refreshToken?: string } } | { kind: 'refused' } | { kind: 'failed' };

export interface Store {
  run(key: string, refresh: () => Promise<Outcome>): Promise<Outcome>;
}

export interface StoreModule {
  redisRefreshStore(local: Store, rememberFor: Record<Outcome['kind'], number>): Store;
}

/**
 * The generated refresh-store module (templates/shared/refresh-store.ts, which has no placeholders),
 * transpiled to CommonJS under node_modules/.cache so its `import("redis")` resolves this repo's redis
 * package. Each redisRefreshStore() call is one server instance: its own client, its own local store.
 */
export function loadRefreshStoreModule(): StoreModule {
  const dir = path.join(root, 'node_modules', '.cache', 'nextauth-refresh-store');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'refresh-store.cjs');
  const output = ts.transpileModule(loadTemplate('shared/refresh-store.ts'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  fs.writeFileSync(file, output);
  return require(file) as StoreModule;
}

/** In-process single flight, as the generated auth options have it (without its memory, which tests here do not need). */
export function inProcessStore(): Store {
  const inFlight = new Map<string, Promise<Outcome>>();
  return {
    run(key, refresh) {
      const known = inFlight.get(key);
      if (known) return known;
      const outcome = refresh().catch((): Outcome => ({ kind: 'failed' }));
      inFlight.set(key, outcome);
      return outcome;
    },
  };
}
