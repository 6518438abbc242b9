// Merges into the plain config files a scaffold touches: .env.local, .gitignore, tsconfig/jsconfig `include`.
// Text in, text out (nothing touches the disk); each is get-or-add, so a second run returns the same text.
export { ensureEnvEntries, definedKeys, type EnvEntry } from './env-file';
export { gitTrackedFiles } from './git-tracked';
export { ensureGitignored, isIgnored } from './gitignore';
export { ensureConfigIncludes, includeCovers } from './config-include';
export { generateSecret } from './secret';
