import * as path from 'path';
import { ts } from 'ts-morph';
import type { ReadonlyFileSystem } from '../../file-system';
import type { PathAlias } from '../../project-info';
import { deriveAuthFields, type DerivationWarning, type DerivedFields } from './derive-fields';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const MAX_IMPORTS = 8;

export interface SourcedWarning extends DerivationWarning {
  readonly file: string;
}

/**
 * Derives the fields from the auth config and, for the parts it lacks (authorize(), jwt, session), from the
 * project files it imports: Auth.js apps often keep the callbacks in an `auth.config.ts` spread into
 * `NextAuth({...})` (the edge-compatible split). Each part comes from the first file that has it, the config
 * itself first. Only the config's own parse errors refuse; an imported file that does not parse is skipped.
 */
export function deriveFromConfigAndImports(
  fs: ReadonlyFileSystem,
  configFile: string,
  configText: string,
  root: string,
  alias: PathAlias | undefined,
): { derived: DerivedFields; warnings: SourcedWarning[] } {
  const main = deriveAuthFields(configFile, configText);
  const warnings: SourcedWarning[] = main.warnings.map((w) => ({ ...w, file: configFile }));
  if (main.found.authorize && main.found.jwt && main.found.session) return { derived: main, warnings };

  let derived: DerivedFields = main;
  for (const file of localImports(fs, configFile, configText, root, alias).slice(0, MAX_IMPORTS)) {
    const text = fs.readFile(file);
    if (text === undefined) continue;
    let other: DerivedFields;
    try {
      other = deriveAuthFields(file, text, { user: derived.found.authorize ? derived.user : undefined });
    } catch {
      continue;
    }
    const takeAuthorize = !derived.found.authorize && other.found.authorize;
    const takeJwt = !derived.found.jwt && other.found.jwt;
    const takeSession = !derived.found.session && other.found.session;
    if (!takeAuthorize && !takeJwt && !takeSession) continue;
    if (takeAuthorize) warnings.push(...other.warnings.map((w) => ({ ...w, file })));
    derived = {
      user: takeAuthorize ? other.user : derived.user,
      jwt: takeJwt ? other.jwt : derived.jwt,
      session: takeSession ? other.session : derived.session,
      sessionUser: takeSession ? other.sessionUser : derived.sessionUser,
      found: {
        authorize: derived.found.authorize || takeAuthorize,
        jwt: derived.found.jwt || takeJwt,
        session: derived.found.session || takeSession,
      },
      warnings: derived.warnings,
    };
  }
  return { derived, warnings };
}

/** Project files a module imports (relative paths and the tsconfig alias), resolved to existing files. */
function localImports(fs: ReadonlyFileSystem, file: string, text: string, root: string, alias: PathAlias | undefined): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const files: string[] = [];
  for (const specifier of specifiers) {
    let base: string | undefined;
    if (specifier.startsWith('./') || specifier.startsWith('../')) base = path.resolve(path.dirname(file), specifier);
    else if (alias && alias.prefix && specifier.startsWith(alias.prefix)) base = path.resolve(root, alias.target, specifier.slice(alias.prefix.length));
    if (!base) continue;
    const resolved = resolveFile(fs, base);
    if (resolved && resolved !== file && !files.includes(resolved)) files.push(resolved);
  }
  return files;
}

function resolveFile(fs: ReadonlyFileSystem, base: string): string | undefined {
  // ESM TypeScript writes "./auth.config.js" for auth.config.ts.
  const stem = base.replace(/\.[cm]?js$/, '');
  const candidates = [base, ...EXTENSIONS.map((ext) => stem + ext), ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find((candidate) => /\.[cm]?[jt]sx?$/.test(candidate) && !candidate.endsWith('.d.ts') && fs.isFile(candidate));
}
