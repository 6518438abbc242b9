// The only runtime door from the extension into the engine (src/core + ts-morph + TypeScript).
// esbuild.mjs rewrites this import into require('./engine.js'), a separate bundle, so activation never
// pays for TypeScript: the engine loads on the first command or the first document worth analyzing.
// Elsewhere in src/vscode, imports from '../core' must be `import type`.

/** The engine's public surface, loaded on first call and cached by Node's module cache afterwards. */
export function loadEngine(): Promise<typeof import('../core')> {
  return import('../core');
}

/** The engine's type, for signatures that take an already loaded engine. */
export type Engine = typeof import('../core');
