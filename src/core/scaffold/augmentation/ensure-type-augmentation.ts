import * as path from 'path';
import { ts } from 'ts-morph';
import type { ChangeSet } from '../../change-set';
import { ensureConfigIncludes } from '../../config-files';
import { ScaffoldError } from '../../errors';
import { typeLiteralIn } from '../../ts-syntax';
import type { PlanNote, ScaffoldRequest } from '../types';
import { APP_MODULE_MARKER, type DerivedField } from './derive-fields';
import { chooseJwtModule, moduleResolves } from './jwt-module';
import { bareImportRoots } from '../../detect/read-tsconfig';
import { chooseNewAugmentationFile, findAugmentationFiles, toConfigRelative } from './locate-augmentation';
import { mergeAugmentation, type FilePlan } from './merge-augmentation';
import { deriveFromConfigAndImports } from './split-config';

const JWT_MODULES = ['next-auth/jwt', '@auth/core/jwt'];
/** Session/User live in next-auth; v5 users sometimes augment them where next-auth re-exports them from. */
const SESSION_MODULES = ['next-auth', '@auth/core/types'];

/**
 * Writes or updates next-auth.d.ts in `tree` so `Session`, `User` and `JWT` declare exactly the fields the
 * auth config (as it is in `tree`, after the other generators) produces: what authorize() returns, what the
 * jwt callback writes into the token, what the session callback puts in the session and session.user.
 * Updates the app's existing augmentation file(s) when there are any, else creates next-auth.d.ts where the
 * tsconfig/jsconfig compiles it, and adds it to `include` when it is not. For next-auth v5 it emits the JWT
 * form that resolves in this app's node_modules layout. Get-or-add: user members are never removed, and a
 * second run changes nothing. JavaScript projects get a file only with `request.typesForJavaScript`.
 * Throws ScaffoldError when the auth config or an existing augmentation file does not parse.
 */
export function ensureTypeAugmentation(tree: ChangeSet, request: ScaffoldRequest, authConfigFile: string): PlanNote[] {
  const { project } = request;
  if (project.language === 'js' && !request.typesForJavaScript) {
    return [{ level: 'info', message: 'JavaScript project: no next-auth.d.ts written (ask for one with --types or "Generate Type Augmentation").' }];
  }
  const configText = tree.readFile(authConfigFile);
  if (configText === undefined) throw new ScaffoldError(`The auth config ${authConfigFile} does not exist.`, authConfigFile);

  const { derived, warnings } = deriveFromConfigAndImports(tree, authConfigFile, project);
  const notes: PlanNote[] = warnings.map((w) => ({ level: 'warning', message: w.message, file: w.file, line: w.line }));
  const relative = (file: string): string => path.relative(project.root, file).split(path.sep).join('/');

  const choice = chooseJwtModule(tree, project.root, project.nextAuth?.major ?? 4, project.configFile, project.compilerOptions);
  if (choice.warning) notes.push({ level: 'warning', message: choice.warning, file: project.configFile });

  const existing = findAugmentationFiles(tree, project.root).map((file) => ({ file, declares: declaredInterfaces(tree.readFile(file) ?? '', file) }));
  const fieldCount = derived.user.length + derived.jwt.length + derived.session.length + derived.sessionUser.length;
  if (fieldCount === 0 && existing.length === 0) {
    const looked = [derived.found.authorize ? undefined : 'authorize()', derived.found.jwt ? undefined : 'jwt callback', derived.found.session ? undefined : 'session callback'].filter(Boolean);
    notes.push({
      level: 'info',
      message: `No next-auth.d.ts needed: ${relative(authConfigFile)} adds no fields beyond next-auth's own${looked.length ? ` (no ${looked.join(', no ')} found)` : ''}.`,
      file: authConfigFile,
    });
    return notes;
  }

  const shadowing = bareImportRoots(project.compilerOptions);
  for (const { file } of existing) {
    if (path.basename(file) === 'next-auth.d.ts' && shadowing.includes(path.dirname(file))) {
      notes.push({
        level: 'warning',
        message: `${relative(file)} sits where "baseUrl"/"paths" make \`import … from "next-auth"\` resolve to it instead of the package: move it (e.g. to types/next-auth.d.ts).`,
        file,
      });
    }
  }

  const usableJwtModules = JWT_MODULES.filter((m) => moduleResolves(tree, project.root, m, project.compilerOptions));
  const primary =
    existing.find((e) => e.declares.nextAuth)?.file ??
    existing[0]?.file ??
    chooseNewAugmentationFile(tree, project.root, project.srcDir, project.configFile, project.compilerOptions);
  const sessionFile = existing.find((e) => e.declares.session)?.file ?? primary;
  const userFile = existing.find((e) => e.declares.user)?.file ?? primary;
  const jwtFile = existing.find((e) => e.declares.jwtModules.some((m) => usableJwtModules.includes(m)))?.file ?? primary;
  for (const stale of existing.filter((e) => e.declares.jwtModules.some((m) => !usableJwtModules.includes(m)))) {
    const modules = stale.declares.jwtModules.filter((m) => !usableJwtModules.includes(m));
    notes.push({
      level: 'warning',
      message: `${relative(stale.file)} augments JWT in "${modules.join('", "')}", which does not resolve from this app (e.g. @auth/core not hoisted under pnpm), so that declaration has no effect; the JWT fields go in "${choice.module}" instead. Remove the old block.`,
      file: stale.file,
    });
  }

  // A property another augmentation file already declares must not be declared again here: two
  // declarations of one property with different types are a compile error.
  const elsewhere = (target: string, kind: keyof DeclaredInterfaces['members']): Set<string> =>
    new Set(existing.filter((e) => e.file !== target).flatMap((e) => [...e.declares.members[kind]]));
  const notIn = (fields: readonly DerivedField[], names: ReadonlySet<string>): DerivedField[] => fields.filter((f) => !names.has(f.name));

  const plans = new Map<string, FilePlan>();
  const planFor = (file: string): FilePlan => plans.get(file) ?? {};
  // next-auth v5: DefaultSession["user"] is User, so Session.user is built from User minus its own fields
  // (the refresh token must not look present in the browser's session), which requires them optional.
  const v5 = project.nextAuth?.major === 5;
  const userFields = v5 ? derived.user.map((f) => ({ ...f, optional: true })) : derived.user;
  plans.set(sessionFile, {
    ...planFor(sessionFile),
    session: {
      fields: withModuleSpecifiers(notIn(derived.session, elsewhere(sessionFile, 'Session')), sessionFile),
      userFields: withModuleSpecifiers(notIn(derived.sessionUser, elsewhere(sessionFile, 'SessionUser')), sessionFile),
      hideUserFields: v5 ? derived.user.map((f) => f.name) : [],
    },
  });
  plans.set(userFile, { ...planFor(userFile), user: withModuleSpecifiers(notIn(userFields, elsewhere(userFile, 'User')), userFile) });
  plans.set(jwtFile, { ...planFor(jwtFile), jwt: { fields: withModuleSpecifiers(notIn(derived.jwt, elsewhere(jwtFile, 'JWT')), jwtFile), choice, usableModules: usableJwtModules } });

  for (const [file, plan] of [...plans.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const before = tree.readFile(file);
    const merged = mergeAugmentation(before, file, plan);
    for (const warning of merged.warnings) notes.push({ level: 'warning', message: warning, file });
    if (merged.text !== '' && merged.text !== before) {
      tree.write(file, merged.text);
      const what = [
        merged.added.length ? `added ${merged.added.join(', ')}` : '',
        merged.changed.length ? `changed ${merged.changed.join(', ')}` : '',
      ].filter(Boolean);
      notes.push({
        level: 'info',
        message: before === undefined ? `Created ${relative(file)} declaring ${merged.added.join(', ')}.` : `Updated ${relative(file)}: ${what.join('; ') || 'added the imports its augmentations need'}.`,
        file,
      });
    } else if (before !== undefined) {
      notes.push({ level: 'info', message: `${relative(file)} already declares every field the auth config produces.`, file });
    }
    if (project.configFile && (merged.text !== '' || before !== undefined)) {
      const configFileText = tree.readFile(project.configFile);
      if (configFileText !== undefined) {
        const include = ensureConfigIncludes(configFileText, toConfigRelative(project.configFile, file), project.configFile);
        if (include.added) {
          tree.write(project.configFile, include.text);
          notes.push({
            level: 'info',
            message: `Added "${toConfigRelative(project.configFile, file)}" to "include" in ${path.basename(project.configFile)}, so TypeScript applies the augmentation.`,
            file: project.configFile,
          });
        }
      }
    }
  }
  if (project.language === 'js' && !project.configFile) {
    notes.push({ level: 'warning', message: 'No jsconfig.json: editors and checkJs pick next-auth.d.ts up only through one (add a jsconfig.json with "checkJs": true).' });
  }
  return notes;
}

/**
 * Field types that name an app type (`import("<marker>/app/types/user.ts").UserDto["settings"]`) with the
 * module as `file` imports it: `import("./types/user").UserDto["settings"]`.
 */
export function withModuleSpecifiers(fields: readonly DerivedField[], file: string): DerivedField[] {
  const marked = new RegExp(`import\\("${APP_MODULE_MARKER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^"]+)"\\)`, 'g');
  return fields.map((field) => {
    if (!field.type.includes(APP_MODULE_MARKER)) return field;
    const type = field.type.replace(marked, (_match, target: string) => {
      const withoutExtension = target.replace(/(\.d)?\.[cm]?tsx?$/, '');
      const relative = path.relative(path.dirname(file), withoutExtension).split(path.sep).join('/');
      return `import(${JSON.stringify(relative.startsWith('.') ? relative : `./${relative}`)})`;
    });
    return { ...field, type };
  });
}

interface DeclaredInterfaces {
  nextAuth: boolean;
  session: boolean;
  user: boolean;
  jwtModules: string[];
  /** Property names per interface (`Session.user` members under `SessionUser`). */
  members: Record<'Session' | 'SessionUser' | 'User' | 'JWT', Set<string>>;
}

/** Which next-auth interfaces a file augments, in which module(s) it declares JWT, and their members. */
function declaredInterfaces(text: string, file: string): DeclaredInterfaces {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const result: DeclaredInterfaces = {
    nextAuth: false,
    session: false,
    user: false,
    jwtModules: [],
    members: { Session: new Set(), SessionUser: new Set(), User: new Set(), JWT: new Set() },
  };
  const names = (members: ts.NodeArray<ts.TypeElement>): string[] =>
    members.flatMap((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : []));
  for (const statement of source.statements) {
    if (!ts.isModuleDeclaration(statement) || !ts.isStringLiteral(statement.name) || !statement.body || !ts.isModuleBlock(statement.body)) continue;
    const name = statement.name.text;
    for (const declaration of statement.body.statements.filter(ts.isInterfaceDeclaration)) {
      const kind = declaration.name.text;
      if (SESSION_MODULES.includes(name) && (kind === 'Session' || kind === 'User')) {
        result.session ||= kind === 'Session';
        result.user ||= kind === 'User';
        for (const member of names(declaration.members)) result.members[kind].add(member);
        const user = kind === 'Session' ? declaration.members.find((m) => m.name && ts.isIdentifier(m.name) && m.name.text === 'user') : undefined;
        const literal = user && ts.isPropertySignature(user) && user.type ? typeLiteralIn(user.type) : undefined;
        if (literal) for (const member of names(literal.members)) result.members.SessionUser.add(member);
      }
      if (JWT_MODULES.includes(name) && kind === 'JWT') {
        if (!result.jwtModules.includes(name)) result.jwtModules.push(name);
        for (const member of names(declaration.members)) result.members.JWT.add(member);
      }
    }
    if (name === 'next-auth') result.nextAuth = true;
  }
  return result;
}
