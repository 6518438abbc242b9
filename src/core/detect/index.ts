// Project detection: which Next.js apps exist, what each one is (router, language, alias, versions, package
// manager) and where its NextAuth configuration lives. Reads only through ReadonlyFileSystem.
export { findNextApps, noNextAppMessage, APP_SEARCH_DEPTH } from './find-next-apps';
export { detectProject, findRouterDirs } from './detect-project';
export { findAuthConfigs, findAuthConfigInText } from './find-auth-configs';
export { installCommand, detectPackageManager } from './package-manager';
export { nextAuthAdvisory, SAFE_NEXT_AUTH_V4, SAFE_NEXT_AUTH_V5, type VersionAdvisory } from './versions';
export { readPackageJson, type PackageJson } from './package-json';
export { compareVersions, parseVersion, minimumVersion, type SemVer } from './semver';
export { supportCheck, SUPPORTED_NEXT_MAJORS, MIN_NEXT_AUTH_V4, MIN_TYPESCRIPT, type SupportCheck } from './support';
