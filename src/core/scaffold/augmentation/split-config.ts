import { ModuleResolver, ProjectSources, authorizeFunctions, readAuthConfig, type Located } from '../../auth-config';
import type { ReadonlyFileSystem } from '../../file-system';
import type { ProjectInfo } from '../../project-info';
import type { FunctionLike } from '../../ts-syntax';
import { deriveAuthFields, spanOf, type DerivationWarning, type DerivedField, type DerivedFields, type FunctionSpans } from './derive-fields';

export interface SourcedWarning extends DerivationWarning {
  readonly file: string;
}

/**
 * Derives the fields from the functions the auth-config model finds for the config `configFile` leads to,
 * wherever each lives: `authorize()` of its Credentials providers, and the `jwt` and `session` callbacks,
 * through spreads (`...authConfig` from an edge-compatible `auth.config.ts`) and imports (a callbacks
 * module). Each file holding one of them is read once, in order authorize → jwt → session, so a callback in
 * one file reads what another file's authorize()/jwt produce. Only the config's own parse errors refuse; an
 * imported file that does not parse is skipped.
 */
export function deriveFromConfigAndImports(fs: ReadonlyFileSystem, configFile: string, project: Pick<ProjectInfo, 'configFile' | 'compilerOptions'>): { derived: DerivedFields; warnings: SourcedWarning[] } {
  const sources = new ProjectSources(fs, new ModuleResolver(fs, project));
  const config = readAuthConfig(sources, configFile);
  const authorize = authorizeFunctions(sources, configFile);
  const jwt = config?.callback('jwt').found?.fn;
  const session = config?.callback('session').found?.fn;
  const files = [...new Set([configFile, ...authorize.map((f) => f.file), ...(jwt ? [jwt.file] : []), ...(session ? [session.file] : [])])];
  const spansIn = (file: string): FunctionSpans => ({
    authorize: authorize.filter((f) => f.file === file).map((f) => spanOf(f.node)),
    jwt: inFile(jwt, file),
    session: inFile(session, file),
  });

  let user: DerivedField[] = [];
  let jwtFields: DerivedField[] = [];
  let derived: DerivedFields = { user: [], jwt: [], session: [], sessionUser: [], found: { authorize: false, jwt: false, session: false }, warnings: [] };
  const warnings: SourcedWarning[] = [];
  // The files with authorize() first, then jwt, then session: each reads what the earlier ones produce.
  const order = (file: string): number => (spansIn(file).authorize.length > 0 ? 0 : spansIn(file).jwt ? 1 : spansIn(file).session ? 2 : 3);
  for (const file of files.sort((a, b) => order(a) - order(b))) {
    const functions = spansIn(file);
    const text = fs.readFile(file);
    if (text === undefined) continue;
    let part: DerivedFields;
    try {
      part = deriveAuthFields(file, text, { user: derived.found.authorize ? user : undefined, jwt: derived.found.jwt ? jwtFields : undefined, functions });
    } catch (error) {
      if (file === configFile) throw error;
      continue;
    }
    warnings.push(...part.warnings.map((w) => ({ ...w, file })));
    if (part.found.authorize) user = [...user, ...part.user.filter((f) => !user.some((u) => u.name === f.name))];
    if (part.found.jwt) jwtFields = [...part.jwt];
    derived = {
      user,
      jwt: part.found.jwt ? part.jwt : derived.jwt,
      session: part.found.session ? part.session : derived.session,
      sessionUser: part.found.session ? part.sessionUser : derived.sessionUser,
      found: {
        authorize: derived.found.authorize || part.found.authorize,
        jwt: derived.found.jwt || part.found.jwt,
        session: derived.found.session || part.found.session,
      },
      warnings: [...derived.warnings, ...part.warnings],
    };
  }
  return { derived, warnings };
}

function inFile(fn: Located<FunctionLike> | undefined, file: string): FunctionSpans['jwt'] {
  return fn && fn.file === file ? spanOf(fn.node) : undefined;
}
