// The generators: planScaffold() turns a request into a change set (new files from templates/, merges
// into existing files through ts-morph get-or-add helpers). Nothing here writes to disk.
export * from './types';
export { planScaffold, validateRequest } from './plan-scaffold';
export { prepareScaffold, type PreparedScaffold, type ScaffoldAnswers, type ScaffoldCommandKind } from './prepare-scaffold';
export { ensureTypeAugmentation } from './augmentation';
export { templatesRoot } from './templates';
