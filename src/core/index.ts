// The engine: everything the extension and the CLI use, bundled once as dist/engine.js (with ts-morph
// and TypeScript). The faces load it lazily; nothing here may import 'vscode'.
export * from './change-set';
export * from './errors';
export * from './file-system';
export * from './project-info';
export * from './settings';
export * from './detect';
export * from './scaffold';
export * from './analyze';
export * from './report';
export * from './config-files';
export * from './text-replacements';
export * from './write-targets';
