import { ModuleResolver, ProjectSources, authorizeFunctions, readAuthConfig, type Located } from '../../auth-config';
import type { ReadonlyFileSystem } from '../../file-system';
import type { ProjectInfo } from '../../project-info';
import type { FunctionLike } from '../../ts-syntax';
import { appProgram } from './app-program';
import { deriveAuthFields, spanOf, type DerivationWarning, type DerivedField, type DerivedFields, type FunctionSpans } from './derive-fields';
import { splitTopLevelUnion } from './field-types';

export interface SourcedWarning extends DerivationWarning {
  readonly file: string;
}

/**
 * Derives the fields from the functions the auth-config model finds for the config `configFile` leads to,
 * wherever each lives: `authorize()` of its Credentials providers, `profile()` of the others, and the `jwt`
 * and `session` callbacks, through spreads (`...authConfig` from an edge-compatible `auth.config.ts`) and
 * imports (a callbacks module). Types come from one program over the app (see appProgram): its own modules
 * and its installed packages' declarations. Each file holding one of the functions is read once, in order
 * authorize → jwt → session, so a callback in one file reads what another file's authorize()/jwt produce.
 * A User field is required only when every way a User is made sets it: every authorize()/profile(), no
 * adapter (its database users have none of them), no provider left to its default profile, no provider
 * that cannot be read. Only the config's own parse errors refuse; an imported file that does not parse is
 * skipped.
 */
export function deriveFromConfigAndImports(
  fs: ReadonlyFileSystem,
  configFile: string,
  project: Pick<ProjectInfo, 'root' | 'configFile' | 'compilerOptions'>,
): { derived: DerivedFields; warnings: SourcedWarning[] } {
  const sources = new ProjectSources(fs, new ModuleResolver(fs, project));
  const config = readAuthConfig(sources, configFile);
  const authorize = authorizeFunctions(sources, configFile);
  const profiles = (config?.providers ?? []).flatMap((p) => (p.profile ? [p.profile] : []));
  const jwt = config?.callback('jwt').found?.fn;
  const session = config?.callback('session').found?.fn;
  // Users made without any function read here: by the adapter, by a provider's default profile, or by
  // something we cannot read.
  const unreadProducers = config
    ? (config.hasAdapter ? 1 : 0) + config.providers.filter((p) => !p.authorize && !p.profile).length + (config.providersComplete ? 0 : 1)
    : 0;
  const files = [...new Set([configFile, ...authorize.map((f) => f.file), ...profiles.map((f) => f.file), ...(jwt ? [jwt.file] : []), ...(session ? [session.file] : [])])];
  const spansIn = (file: string): FunctionSpans => ({
    authorize: authorize.filter((f) => f.file === file).map((f) => spanOf(f.node)),
    profile: profiles.filter((f) => f.file === file).map((f) => spanOf(f.node)),
    jwt: inFile(jwt, file),
    session: inFile(session, file),
  });
  const producersIn = (file: string): number => spansIn(file).authorize.length + (spansIn(file).profile?.length ?? 0);
  const allProducers = authorize.length + profiles.length;
  const program = appProgram(fs, files, project);

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
      part = deriveAuthFields(file, text, {
        user: derived.found.authorize ? user : undefined,
        jwt: derived.found.jwt ? jwtFields : undefined,
        functions,
        program,
        // Producers in other files count as ones that may not set a field found here.
        otherUserSources: unreadProducers + allProducers - producersIn(file),
      });
    } catch (error) {
      if (file === configFile) throw error;
      continue;
    }
    warnings.push(...part.warnings.map((w) => ({ ...w, file })));
    if (part.found.authorize) user = combineUserFields(user, part.user);
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

/** User fields read in two files: each field once, its types joined, optional when either says so. */
function combineUserFields(earlier: readonly DerivedField[], later: readonly DerivedField[]): DerivedField[] {
  const combined = earlier.map((field) => {
    const other = later.find((f) => f.name === field.name);
    if (!other) return { ...field, optional: true };
    const known = field.known && other.known;
    const type = known ? [...new Set([...splitTopLevelUnion(field.type), ...splitTopLevelUnion(other.type)])].join(' | ') : 'unknown';
    return { name: field.name, type, optional: field.optional || other.optional || !known, known };
  });
  for (const field of later) if (!earlier.some((f) => f.name === field.name)) combined.push({ ...field, optional: true });
  return earlier.length === 0 ? [...later] : combined;
}

function inFile(fn: Located<FunctionLike> | undefined, file: string): FunctionSpans['jwt'] {
  return fn && fn.file === file ? spanOf(fn.node) : undefined;
}
