// One model of a NextAuth / Auth.js configuration over the project's sources: where the options are (every
// form), their providers, authorize(), callbacks and exports, and the imports followed to them. Detection,
// the generators, the type augmentation and the analyzer ask it rather than recognising options themselves.
export { readAuthConfig, authorizeFunctions, importedModules, type AuthConfig, type CallbackEntry, type CallbackName, type MemberEntry, type MemberLookup, type ProviderEntry } from './auth-config';
export { locateOptionsInFile, nextAuthCalls, isOptionsType, memberNamed, exportNameOf, OPTIONS_TYPE_NAMES, type OptionsInFile } from './locate-options';
export { ProjectSources, requireCall, type Located, type Value } from './project-sources';
export { ModuleResolver, type ImportKind, type ResolvedModule } from './module-resolver';
export { findWorkspace, findWorkspaceRoot, workspaceGlobs, type Workspace } from './workspace-packages';
