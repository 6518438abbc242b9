// The session-leak analyzer: finds where a NextAuth/Auth.js session callback hands the refresh token (or the
// whole JWT) to the browser, with quick-fix edits; and the `check` runner the CLI uses.
export * from './types';
export { analyzeDocument, analyzeSource, mightContainSessionCallback } from './analyze-source';
export { readJwtAugmentation } from './jwt-augmentation';
export { checkPaths, escapeControlCharacters, formatCheckText } from './check-paths';
export type { CheckFinding, CheckOptions, CheckRelatedLocation, CheckReport } from './check-paths';
export { LineMap } from './line-map';
export { isRefreshName } from './sensitive-names';
export { CrossFileIndex } from './cross-file';
export { sessionLensTitle, sessionShapeJson, sessionShapeRows } from './session-shape-text';
