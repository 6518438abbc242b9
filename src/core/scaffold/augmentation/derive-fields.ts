import { Project, ts } from 'ts-morph';
import { ProjectSources, authorizeFunctions, readAuthConfig, type Located } from '../../auth-config';
import { ScaffoldError } from '../../errors';
import { type FunctionLike, isFunctionLike, lineAt, memberName, opensOwnBody, propertyNameText, returnExpressions, unwrapExpression } from '../../ts-syntax';
import {
  type TypeSet,
  UNKNOWN,
  isKnown,
  renderFieldType,
  splitTopLevelUnion,
  typeSet,
  typeSetFromChecker,
  typeSetFromName,
  unionTypes,
  withUndefined,
  withoutNullish,
} from './field-types';

/**
 * Marks a module path in a field type that names a type of the app's own (`settings` of an exported
 * `UserDto` → `import("<marker>/app/types/user.ts").UserDto["settings"]`): the writer of next-auth.d.ts
 * turns it into a path relative to that file (see `withModuleSpecifiers`).
 */
export const APP_MODULE_MARKER = 'nextauth-scaffold-app-module:';

/** One property the augmentation should declare. */
export interface DerivedField {
  readonly name: string;
  /** TypeScript type text, e.g. `string`, `number | null`, `"RefreshAccessTokenError"`, `unknown`. */
  readonly type: string;
  readonly optional: boolean;
  /** False when the type is a plain `unknown` guess (the merge never overwrites a user's type with it). */
  readonly known: boolean;
}

/** Where a function is in the file's text: what the auth-config model located, by offsets. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** The functions to read in one file; absent ones are not in this file. */
export interface FunctionSpans {
  readonly authorize: readonly TextSpan[];
  /** Providers' own `profile()`: OAuth/OIDC providers make their User with it. */
  readonly profile?: readonly TextSpan[];
  readonly jwt?: TextSpan;
  readonly session?: TextSpan;
}

export interface DeriveOptions {
  /** User fields derived from another file, for a config whose authorize() lives elsewhere. */
  readonly user?: readonly DerivedField[];
  /** JWT fields derived from another file, for a session callback kept apart from the jwt callback. */
  readonly jwt?: readonly DerivedField[];
  /** The functions to read (from the auth-config model over the whole project); default: the model over this file alone. */
  readonly functions?: FunctionSpans;
  /**
   * The app's program (its own modules and its installed packages' type declarations) holding `file`, so the
   * checker knows imported types (`jwtDecode<Decoded>(…)`, a `UserDto` from another module). Default: `file`
   * alone, where anything imported is unknown.
   */
  readonly program?: ts.Program;
  /**
   * How many other ways a User is made that set none of the fields read here: an adapter's database users,
   * providers with their default profile, providers or functions that cannot be read. With any, every User
   * field is optional: a field is required only when every producer sets it.
   */
  readonly otherUserSources?: number;
}

/** A hint for the user, pointing at the config line it is about. */
export interface DerivationWarning {
  readonly message: string;
  readonly line: number;
}

/** What the auth config's authorize()/jwt/session code puts in User, JWT, Session and Session["user"]. */
export interface DerivedFields {
  readonly user: readonly DerivedField[];
  readonly jwt: readonly DerivedField[];
  readonly session: readonly DerivedField[];
  readonly sessionUser: readonly DerivedField[];
  readonly found: { readonly authorize: boolean; readonly jwt: boolean; readonly session: boolean };
  readonly warnings: readonly DerivationWarning[];
}

/** Fields next-auth already declares (DefaultUser, DefaultJWT, DefaultSession): never redeclared. */
const BUILT_IN: Record<'user' | 'jwt' | 'session' | 'sessionUser', ReadonlySet<string>> = {
  user: new Set(['id', 'name', 'email', 'image']),
  jwt: new Set(['name', 'email', 'picture', 'sub', 'iat', 'exp', 'jti']),
  session: new Set(['user', 'expires']),
  sessionUser: new Set(['name', 'email', 'image']),
};

/** Values a callback reads from its parameters. `sessionUser` is `session.user`. */
type Role = 'token' | 'user' | 'account' | 'profile' | 'session' | 'sessionUser';

const STRING = typeSet(['string']);
const OPTIONAL_STRING = typeSet(['string'], true);
const NULLABLE_STRING = typeSet(['string', 'null'], true);
const OPTIONAL_NUMBER = typeSet(['number'], true);

/** next-auth's own types for the parameter fields people read (v4 and v5 agree on these). */
const BUILT_IN_SOURCE_TYPES: Record<Role, Record<string, TypeSet>> = {
  token: { sub: OPTIONAL_STRING, name: NULLABLE_STRING, email: NULLABLE_STRING, picture: NULLABLE_STRING, iat: OPTIONAL_NUMBER, exp: OPTIONAL_NUMBER, jti: OPTIONAL_STRING },
  user: { id: STRING, name: NULLABLE_STRING, email: NULLABLE_STRING, image: NULLABLE_STRING },
  account: {
    provider: STRING,
    type: STRING,
    providerAccountId: STRING,
    access_token: OPTIONAL_STRING,
    refresh_token: OPTIONAL_STRING,
    id_token: OPTIONAL_STRING,
    token_type: OPTIONAL_STRING,
    scope: OPTIONAL_STRING,
    expires_at: OPTIONAL_NUMBER,
  },
  profile: { sub: OPTIONAL_STRING, name: NULLABLE_STRING, email: NULLABLE_STRING, image: NULLABLE_STRING },
  session: { expires: STRING },
  sessionUser: { name: NULLABLE_STRING, email: NULLABLE_STRING, image: NULLABLE_STRING },
};

/** The sign-in data the jwt callback receives once, at sign-in: spread or assigned into the token, it is typed from these. */
const SIGN_IN_ROLES: ReadonlySet<Role> = new Set(['user', 'account', 'profile']);
/** next-auth's type for each sign-in value, as the augmentation refers to it (exported by v4 and v5 alike). */
const SIGN_IN_TYPES: Partial<Record<Role, string>> = { user: 'import("next-auth").User', account: 'import("next-auth").Account', profile: 'import("next-auth").Profile' };

/** Which destructured parameter names mean which role, per callback (jwt's `session` is update() data). */
const CALLBACK_ROLES: Record<'authorize' | 'jwt' | 'session', Record<string, Role>> = {
  authorize: {},
  jwt: { token: 'token', user: 'user', account: 'account', profile: 'profile' },
  session: { session: 'session', token: 'token', user: 'user' },
};

interface FieldValue {
  readonly type: TypeSet;
  readonly expr?: ts.Expression;
  readonly scope: Scope;
}

/** One way a function can return: the fields it definitely carries. */
interface Shape {
  readonly fields: Map<string, FieldValue>;
  /** Position of a `return token` / `{ ...token }`: in-place writes made before it count as present. */
  selfAt?: number;
  /** A value we could not read (e.g. `any`): says nothing about which fields are there. */
  readonly opaque: boolean;
}

interface FinalField {
  readonly field: DerivedField;
  readonly set: TypeSet;
}

interface Assignment {
  readonly role: Role;
  readonly name: string;
  readonly value: FieldValue;
  readonly pos: number;
  /** Written by a statement directly in the callback body, so on every path past it. */
  readonly topLevel: boolean;
}

interface Scope {
  readonly fn: ts.FunctionLikeDeclaration;
  readonly roles: Map<ts.Symbol, Role>;
  /** `jwt(params)`: a parameter whose properties are the roles. */
  readonly paramsObject?: ts.Symbol;
  readonly roleNames: Record<string, Role>;
  /** The role whose in-place writes and spreads are the result (token for jwt, session for session). */
  readonly self?: Role;
  readonly lookups: Partial<Record<Role, ReadonlyMap<string, TypeSet>>>;
}

const MAX_DEPTH = 5;

/**
 * Reads an auth config (TS or JS, ESM or CommonJS, v4 or v5) and derives the fields its code really
 * produces: what `authorize()` returns (User), what the `jwt` callback writes into the token (JWT, including
 * through same-file helpers such as a refreshAccessToken), and what the `session` callback puts in the
 * session and `session.user`. Types come from the type checker where it knows them (with `options.program`,
 * the app's own modules and installed packages; without, the file alone), else from how the values flow
 * between the callbacks, else from the field name; `{ ...token, ...user }` and `Object.assign(token, account)`
 * in the jwt callback bring the fields of the sign-in values. A User field is required only when every
 * authorize()/profile() sets it and there is no other source (`options.otherUserSources`); a field whose type
 * nobody can tell is optional. Throws ScaffoldError (file, line) when the file does not parse.
 */
export function deriveAuthFields(file: string, text: string, options: DeriveOptions = {}): DerivedFields {
  const functions = options.functions ?? functionsInText(file, text);
  if (options.program) return deriveFrom(options.program, file, file, { ...options, functions });
  const project = analysisProject();
  const fileName = /\.[cm]?[jt]sx?$/.test(file) ? file : `${file}.ts`;
  const added = project.createSourceFile(fileName, text, { overwrite: true });
  try {
    return deriveFrom(project.getProgram().compilerObject, file, fileName, { ...options, functions });
  } finally {
    project.removeSourceFile(added);
  }
}

/** The functions of a config read from its own text alone (the model, with nothing else to follow). */
function functionsInText(file: string, text: string): FunctionSpans {
  const sources = ProjectSources.ofFile(file, () => text);
  const config = readAuthConfig(sources, file);
  const span = (located: Located | undefined): TextSpan | undefined => (located ? spanOf(located.node) : undefined);
  return {
    authorize: authorizeFunctions(sources, file).map((f) => spanOf(f.node)),
    profile: (config?.providers ?? []).flatMap((p) => (p.profile ? [spanOf(p.profile.node)] : [])),
    jwt: span(config?.callback('jwt').found?.fn),
    session: span(config?.callback('session').found?.fn),
  };
}

/** The offsets of a node, as located in one parse of a text, to find it again in another parse of it. */
export function spanOf(node: ts.Node): TextSpan {
  return { start: node.getStart(), end: node.end };
}

let sharedProject: Project | undefined;

/**
 * One in-memory project for every call: the standard library is parsed once, not per command. Only the
 * parts of the ES library whose types reach token fields are loaded (promises for `await`, the common
 * built-ins); no DOM (it costs seconds, and fetch/Response types never reach a token field). Values typed
 * through anything else fall back to names, as next-auth's own types do here.
 */
function analysisProject(): Project {
  sharedProject ??= new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      allowJs: true,
      strict: true,
      noResolve: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      jsx: ts.JsxEmit.Preserve,
      lib: ['lib.es5.d.ts', 'lib.es2015.promise.d.ts', 'lib.es2015.collection.d.ts', 'lib.es2015.core.d.ts', 'lib.es2017.object.d.ts'],
    },
  });
  return sharedProject;
}

function deriveFrom(program: ts.Program, file: string, fileName: string, options: DeriveOptions): DerivedFields {
  const source = program.getSourceFile(fileName);
  if (!source) throw new ScaffoldError(`Could not read ${file}.`, file);
  const syntax = program.getSyntacticDiagnostics(source);
  if (syntax.length > 0) {
    const first = syntax[0];
    const line = first.start === undefined ? 1 : lineAt(source, first.start);
    throw new ScaffoldError(`The file does not parse: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`, file, line);
  }
  return new FieldDeriver(source, program.getTypeChecker(), options).derive();
}

class FieldDeriver {
  private readonly warnings: DerivationWarning[] = [];
  private readonly visiting = new Set<ts.Node>();

  constructor(
    private readonly source: ts.SourceFile,
    private readonly checker: ts.TypeChecker,
    private readonly options: DeriveOptions,
  ) {}

  derive(): DerivedFields {
    const spans = this.options.functions ?? { authorize: [] };
    const authorizeFns = spans.authorize.map((s) => this.functionAt(s)).filter((f): f is FunctionLike => f !== undefined);
    const jwtFn = spans.jwt && this.functionAt(spans.jwt);
    const sessionFn = spans.session && this.functionAt(spans.session);

    const profileFns = (spans.profile ?? []).map((s) => this.functionAt(s)).filter((f): f is FunctionLike => f !== undefined);
    // Every way a User is made: authorize() of each Credentials provider, profile() of the others, and the
    // producers read elsewhere that set none of these fields (each an empty shape: what they return has none).
    const userShapes: Shape[] = [];
    const producers: Array<[FunctionLike, string]> = [...authorizeFns.map((fn): [FunctionLike, string] => [fn, 'authorize()']), ...profileFns.map((fn): [FunctionLike, string] => [fn, 'profile()'])];
    for (const [fn, label] of producers) {
      const scope = this.scopeFor(fn, 'authorize', undefined, {});
      for (const expr of returnExpressions(fn)) {
        const shapes = this.shapesOf(expr, scope, 0);
        for (const shape of shapes) {
          if (shape.opaque) {
            this.warn(
              `${label} returns \`${shortText(expr, this.source)}\`, whose fields cannot be read (its type is not known): give it a type, or return an object literal, to have them in next-auth.d.ts.`,
              expr,
            );
          }
        }
        userShapes.push(...shapes);
      }
    }
    for (let i = 0; i < (this.options.otherUserSources ?? 0); i++) userShapes.push({ fields: new Map(), opaque: false });
    const user = this.finalize(userShapes, [], 'user');

    // Callbacks kept apart from authorize() (an auth.config.ts) read user.x from the User derived elsewhere.
    const userLookup = this.lookupFrom(authorizeFns.length === 0 && this.options.user ? this.options.user.map(fromDerived) : user, 'user');
    let jwt: FinalField[] = [];
    if (jwtFn) {
      const scope = this.scopeFor(jwtFn, 'jwt', 'token', { user: userLookup });
      const { shapes, assignments } = this.analyzeResult(scope);
      jwt = this.finalize(shapes, assignments.filter((a) => a.role === 'token'), 'jwt');
    }

    let session: FinalField[] = [];
    let sessionUser: FinalField[] = [];
    if (sessionFn) {
      const jwtLookup = this.lookupFrom(!jwtFn && this.options.jwt ? this.options.jwt.map(fromDerived) : jwt, 'token');
      const scope = this.scopeFor(sessionFn, 'session', 'session', { user: userLookup, token: jwtLookup });
      const { shapes, assignments } = this.analyzeResult(scope);
      session = this.finalize(shapes, assignments.filter((a) => a.role === 'session'), 'session');
      // `user: { ...session.user, id }` in a returned object, or `return session` after `session.user.id = …`.
      const userShapesOfSession: Shape[] = [];
      for (const shape of shapes) {
        if (shape.opaque) continue;
        const userValue = shape.fields.get('user');
        if (userValue?.expr) userShapesOfSession.push(...this.shapesOf(userValue.expr, { ...userValue.scope, self: 'sessionUser' }, 0));
        else if (shape.selfAt !== undefined) userShapesOfSession.push({ fields: new Map(), selfAt: shape.selfAt, opaque: false });
      }
      sessionUser = this.finalize(userShapesOfSession, assignments.filter((a) => a.role === 'sessionUser'), 'sessionUser');
    }

    const plain = (list: readonly FinalField[]): DerivedField[] => list.map((f) => f.field);
    return {
      user: plain(user),
      jwt: plain(jwt),
      session: plain(session),
      sessionUser: plain(sessionUser),
      found: { authorize: producers.length > 0, jwt: jwtFn !== undefined, session: sessionFn !== undefined },
      warnings: this.warnings,
    };
  }

  // ---- the functions the model located --------------------------------------------------------

  /** The function at a span the auth-config model gave, in this program's parse of the same text. */
  private functionAt(span: TextSpan): FunctionLike | undefined {
    let found: FunctionLike | undefined;
    const visit = (node: ts.Node): void => {
      if (found || node.end < span.start || node.pos > span.end) return;
      if (isFunctionLike(node) && node.end === span.end && node.getStart(this.source) === span.start) found = node;
      else ts.forEachChild(node, visit);
    };
    visit(this.source);
    return found;
  }

  /** A function expression, or an identifier naming a function in this file. */
  private resolveFunction(expression: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    const e = unwrap(expression);
    if ((ts.isFunctionExpression(e) || ts.isArrowFunction(e)) && e.body) return e;
    if (ts.isIdentifier(e)) {
      const symbol = this.checker.getSymbolAtLocation(e);
      return symbol && this.functionOfSymbol(symbol);
    }
    return undefined;
  }

  private functionOfSymbol(symbol: ts.Symbol): ts.FunctionLikeDeclaration | undefined {
    for (const declaration of symbol.declarations ?? []) {
      if (declaration.getSourceFile() !== this.source) continue;
      if (ts.isFunctionDeclaration(declaration) && declaration.body) return declaration;
      if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
        const e = unwrap(declaration.initializer);
        if ((ts.isFunctionExpression(e) || ts.isArrowFunction(e)) && e.body) return e;
      }
    }
    return undefined;
  }

  // ---- scopes and roles ------------------------------------------------------------------------

  private scopeFor(
    fn: ts.FunctionLikeDeclaration,
    callback: 'authorize' | 'jwt' | 'session',
    self: Role | undefined,
    lookups: Partial<Record<Role, ReadonlyMap<string, TypeSet>>>,
  ): Scope {
    const roleNames = CALLBACK_ROLES[callback];
    const roles = new Map<ts.Symbol, Role>();
    let paramsObject: ts.Symbol | undefined;
    const bindRoles = (pattern: ts.ObjectBindingPattern): void => {
      for (const element of pattern.elements) {
        const key = element.propertyName ? propertyNameText(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
        const role = key !== undefined ? roleNames[key] : undefined;
        if (!role || !ts.isIdentifier(element.name)) continue;
        const symbol = this.checker.getSymbolAtLocation(element.name);
        if (symbol) roles.set(symbol, role);
      }
    };
    const first = fn.parameters[0];
    if (first && ts.isObjectBindingPattern(first.name)) bindRoles(first.name);
    else if (first && ts.isIdentifier(first.name)) {
      paramsObject = this.checker.getSymbolAtLocation(first.name);
      // `const { token, user } = params` in the body.
      const visit = (node: ts.Node): void => {
        if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && ts.isIdentifier(unwrap(node.initializer))) {
          if (this.checker.getSymbolAtLocation(unwrap(node.initializer)) === paramsObject) bindRoles(node.name);
        }
        if (!opensOwnBody(node)) ts.forEachChild(node, visit);
      };
      if (fn.body) ts.forEachChild(fn.body, visit);
    }
    return { fn, roles, paramsObject, roleNames, self, lookups };
  }

  /** The role an expression stands for: `token`, `params.token`, `session.user` … */
  private roleOf(expression: ts.Expression, scope: Scope): Role | undefined {
    const e = unwrapLight(expression);
    if (ts.isIdentifier(e)) {
      const symbol = this.checker.getSymbolAtLocation(e);
      return symbol ? scope.roles.get(symbol) : undefined;
    }
    const access = accessOf(e);
    if (!access) return undefined;
    if (scope.paramsObject && ts.isIdentifier(unwrapLight(access.object)) && this.checker.getSymbolAtLocation(unwrapLight(access.object)) === scope.paramsObject) {
      return scope.roleNames[access.name];
    }
    if (access.name === 'user' && this.roleOf(access.object, scope) === 'session') return 'sessionUser';
    return undefined;
  }

  // ---- values and shapes ----------------------------------------------------------------------

  /** What type a value written into field `fieldName` has. */
  private typeOf(expression: ts.Expression, fieldName: string, scope: Scope, depth = 0): TypeSet {
    const e = unwrapLight(expression);
    if (depth > MAX_DEPTH) return typeSetFromName(fieldName) ?? UNKNOWN;
    // `token.user = user`: the whole sign-in value, present only at sign-in.
    const whole = this.signInRole(e, scope);
    if (whole) return withUndefined(typeSet([SIGN_IN_TYPES[whole]!]));
    // Read from a callback parameter: use what the other callbacks put there.
    const access = accessOf(e);
    const role = access && this.roleOf(access.object, scope);
    if (access && role) {
      const known = scope.lookups[role]?.get(access.name) ?? BUILT_IN_SOURCE_TYPES[role][access.name];
      const found = known ?? typeSetFromName(access.name) ?? typeSetFromName(fieldName) ?? UNKNOWN;
      // `user?.role`: the parameter itself may be absent.
      return access.optional || isOptionalChain(e) ? withUndefined(found) : found;
    }
    const checked = typeSetFromChecker(this.checker.getTypeAtLocation(e), this.checker);
    if (checked && (isKnown(checked) || checked.undefinedPossible)) return isStatedType(e) ? { ...checked, literalsStated: true } : checked;
    if (ts.isConditionalExpression(e)) {
      return unionTypes([this.typeOf(e.whenTrue, fieldName, scope, depth + 1), this.typeOf(e.whenFalse, fieldName, scope, depth + 1)]);
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
      return unionTypes([withoutNullish(this.typeOf(e.left, fieldName, scope, depth + 1)), this.typeOf(e.right, fieldName, scope, depth + 1)]);
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
      return unionTypes([this.typeOf(e.left, fieldName, scope, depth + 1), this.typeOf(e.right, fieldName, scope, depth + 1)]);
    }
    if (ts.isIdentifier(e)) {
      const declaration = this.variableDeclarationOf(e);
      if (declaration?.initializer) return this.typeOf(declaration.initializer, fieldName, scope, depth + 1);
      const destructured = this.destructuredFrom(e, scope);
      if (destructured) {
        const known = scope.lookups[destructured.role]?.get(destructured.name) ?? BUILT_IN_SOURCE_TYPES[destructured.role][destructured.name];
        return known ?? typeSetFromName(destructured.name) ?? typeSetFromName(fieldName) ?? UNKNOWN;
      }
    }
    if (access) return typeSetFromName(access.name) ?? typeSetFromName(fieldName) ?? UNKNOWN;
    return typeSetFromName(fieldName) ?? UNKNOWN;
  }

  /** `const { accessToken, error: e } = token`: the role and field an identifier was destructured from. */
  private destructuredFrom(identifier: ts.Identifier, scope: Scope): { role: Role; name: string } | undefined {
    const symbol = ts.isShorthandPropertyAssignment(identifier.parent) && identifier.parent.name === identifier
      ? this.checker.getShorthandAssignmentValueSymbol(identifier.parent)
      : this.checker.getSymbolAtLocation(identifier);
    const element = symbol?.declarations?.[0];
    if (!element || !ts.isBindingElement(element) || element.dotDotDotToken || !ts.isObjectBindingPattern(element.parent)) return undefined;
    const holder = element.parent.parent;
    if (!ts.isVariableDeclaration(holder) || !holder.initializer) return undefined;
    const role = this.roleOf(holder.initializer, scope);
    const name = element.propertyName ? propertyNameText(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
    return role && name !== undefined ? { role, name } : undefined;
  }

  private variableDeclarationOf(identifier: ts.Identifier): ts.VariableDeclaration | undefined {
    const symbol = ts.isShorthandPropertyAssignment(identifier.parent) && identifier.parent.name === identifier
      ? this.checker.getShorthandAssignmentValueSymbol(identifier.parent)
      : this.checker.getSymbolAtLocation(identifier);
    const declaration = symbol?.declarations?.[0];
    return declaration && ts.isVariableDeclaration(declaration) && declaration.getSourceFile() === this.source ? declaration : undefined;
  }

  /** The object shapes an expression can evaluate to (null/undefined excluded). */
  private shapesOf(expression: ts.Expression, scope: Scope, depth: number): Shape[] {
    const e = unwrap(expression);
    if (depth > MAX_DEPTH) return [{ fields: new Map(), opaque: true }];
    if (e.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(e) || (ts.isIdentifier(e) && e.text === 'undefined')) return [];
    if (ts.isConditionalExpression(e)) return [...this.shapesOf(e.whenTrue, scope, depth + 1), ...this.shapesOf(e.whenFalse, scope, depth + 1)];
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      return [...this.shapesOf(e.left, scope, depth + 1), ...this.shapesOf(e.right, scope, depth + 1)];
    }
    if (ts.isObjectLiteralExpression(e)) return [this.shapeOfObject(e, scope, depth)];
    if (scope.self && this.roleOf(e, scope) === scope.self) return [{ fields: new Map(), selfAt: e.getStart(this.source), opaque: false }];
    // `{ ...token, ...user }`, `Object.assign(token, account)`: what next-auth and authorize() put in them.
    const signIn = this.signInRole(e, scope);
    if (signIn) return [this.signInShape(signIn, scope)];
    if (ts.isIdentifier(e)) {
      const declaration = this.variableDeclarationOf(e);
      if (declaration?.initializer && !this.visiting.has(declaration)) {
        this.visiting.add(declaration);
        try {
          const shapes = this.shapesOf(declaration.initializer, scope, depth + 1);
          const symbol = this.checker.getSymbolAtLocation(declaration.name);
          // `const user = {...}; user.role = data.role; return user`
          const writes = symbol ? this.writesTo(symbol, enclosingFunction(declaration) ?? scope.fn, scope) : [];
          for (const shape of shapes) for (const write of writes) if (!shape.fields.has(write.name)) shape.fields.set(write.name, write.value);
          if (shapes.length > 0) return shapes;
        } finally {
          this.visiting.delete(declaration);
        }
      }
    }
    if (ts.isCallExpression(e)) {
      const helper = this.resolveFunction(e.expression);
      if (helper && !this.visiting.has(helper)) {
        this.visiting.add(helper);
        try {
          const helperScope = this.helperScope(helper, e, scope);
          return returnExpressions(helper).flatMap((r) => this.shapesOf(r, helperScope, depth + 1));
        } finally {
          this.visiting.delete(helper);
        }
      }
    }
    return this.shapesFromChecker(e, scope);
  }

  private shapeOfObject(object: ts.ObjectLiteralExpression, scope: Scope, depth: number): Shape {
    const shape: Shape = { fields: new Map(), opaque: false };
    for (const member of object.properties) {
      if (ts.isSpreadAssignment(member)) {
        if (scope.self && this.roleOf(member.expression, scope) === scope.self) {
          shape.selfAt = member.getStart(this.source);
          continue;
        }
        const spread = this.shapesOf(member.expression, scope, depth + 1).find((s) => !s.opaque);
        if (spread) for (const [name, value] of spread.fields) shape.fields.set(name, value);
        continue;
      }
      const name = memberName(member);
      if (name === undefined) continue;
      if (ts.isPropertyAssignment(member)) {
        shape.fields.set(name, { type: this.typeOf(member.initializer, name, scope), expr: member.initializer, scope });
      } else if (ts.isShorthandPropertyAssignment(member)) {
        shape.fields.set(name, { type: this.typeOf(member.name, name, scope), expr: member.name, scope });
      }
    }
    return shape;
  }

  /**
   * The sign-in value `expression` stands for, inside the jwt callback (or a helper it passes them to):
   * `user`, `account` or `profile`. Elsewhere (the session callback's `user` is a database user) none.
   */
  private signInRole(expression: ts.Expression, scope: Scope): Role | undefined {
    if (scope.self !== 'token') return undefined;
    const role = this.roleOf(expression, scope);
    return role && SIGN_IN_ROLES.has(role) ? role : undefined;
  }

  /** The fields a sign-in value carries (what authorize()/profile() return for `user`), each maybe absent. */
  private signInShape(role: Role, scope: Scope): Shape {
    const known = scope.lookups[role] ?? new Map(Object.entries(BUILT_IN_SOURCE_TYPES[role]));
    const fields = new Map<string, FieldValue>();
    for (const [name, type] of known) fields.set(name, { type: withUndefined(type), scope });
    return { fields, opaque: false };
  }

  /**
   * An expression of a known object type (declared in the app, in a package, or inline): its data
   * properties. Methods and function-valued properties are not fields a token or user carries.
   */
  private shapesFromChecker(expression: ts.Expression, scope: Scope): Shape[] {
    // `unwrap` dropped an `await`; next-auth awaits what authorize()/profile() return anyway.
    const raw = this.checker.getTypeAtLocation(expression);
    const type = this.checker.getAwaitedType(raw) ?? raw;
    const members = type.isUnion() ? type.types : [type];
    const shapes: Shape[] = [];
    for (const member of members) {
      if (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) continue;
      if (!(member.flags & ts.TypeFlags.Object) || member.getCallSignatures().length > 0) return [{ fields: new Map(), opaque: true }];
      const owner = exportedTypeName(member);
      const shape: Shape = { fields: new Map(), opaque: false };
      for (const property of this.checker.getPropertiesOfType(member)) {
        // Methods, and symbol-keyed members (`[Symbol.toStringTag]`), are not fields.
        if (property.flags & ts.SymbolFlags.Method || property.name.startsWith('__@')) continue;
        const valueType = this.checker.getTypeOfSymbolAtLocation(property, expression);
        if (valueType.getCallSignatures().length > 0) continue;
        // An object-typed property of an exported app type: referred to through that type, not guessed.
        const propertyType =
          typeSetFromChecker(valueType, this.checker) ??
          (owner ? typeSet([`import("${APP_MODULE_MARKER}${owner.file}").${owner.name}[${JSON.stringify(property.name)}]`]) : undefined);
        const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
        // A declared property type is the producer's own statement: literal unions stay as written.
        const type = propertyType ? { ...propertyType, literalsStated: true } : (typeSetFromName(property.name) ?? UNKNOWN);
        shape.fields.set(property.name, { type: optional ? withUndefined(type) : type, scope });
      }
      shapes.push(shape);
    }
    return shapes;
  }

  private helperScope(helper: ts.FunctionLikeDeclaration, call: ts.CallExpression, outer: Scope): Scope {
    const roles = new Map<ts.Symbol, Role>();
    call.arguments.forEach((argument, index) => {
      const role = this.roleOf(argument, outer);
      const parameter = helper.parameters[index];
      if (!role || !parameter || !ts.isIdentifier(parameter.name)) return;
      const symbol = this.checker.getSymbolAtLocation(parameter.name);
      if (symbol) roles.set(symbol, role);
    });
    return { fn: helper, roles, roleNames: outer.roleNames, self: outer.self, lookups: outer.lookups };
  }

  // ---- in-place writes -------------------------------------------------------------------------

  /** Return shapes and in-place writes (`token.x = …`, `session.user.id = …`) of a callback. */
  private analyzeResult(scope: Scope): { shapes: Shape[]; assignments: Assignment[] } {
    const shapes = returnExpressions(scope.fn).flatMap((r) => this.shapesOf(r, scope, 0));
    const assignments = this.assignmentsIn(scope, true, 0);
    return { shapes, assignments };
  }

  private assignmentsIn(scope: Scope, isCallback: boolean, depth: number): Assignment[] {
    const found: Assignment[] = [];
    const body = scope.fn.body;
    if (!body || depth > MAX_DEPTH) return found;
    const topLevel = (node: ts.Node): boolean => {
      if (!isCallback || !ts.isBlock(body)) return false;
      const statement = ts.findAncestor(node, ts.isExpressionStatement);
      return statement?.parent === body;
    };
    const record = (role: Role, name: string, value: ts.Expression, at: ts.Node): void => {
      found.push({ role, name, value: { type: this.typeOf(value, name, scope), expr: value, scope }, pos: at.getStart(this.source), topLevel: topLevel(at) });
    };
    const recordObject = (role: Role, value: ts.Expression, at: ts.Node): void => {
      for (const shape of this.shapesOf(value, { ...scope, self: role }, depth + 1)) {
        for (const [name, field] of shape.fields) {
          found.push({ role, name, value: field, pos: at.getStart(this.source), topLevel: topLevel(at) });
        }
      }
    };
    const visit = (node: ts.Node): void => {
      if (opensOwnBody(node)) return;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const access = accessOf(node.left);
        const role = access && this.roleOf(access.object, scope);
        if (access && role) record(role, access.name, node.right, node);
        // `session.user = { ...session.user, id: token.sub }`
        else if (this.roleOf(node.left, scope) === 'sessionUser') recordObject('sessionUser', node.right, node);
      } else if (ts.isCallExpression(node)) {
        const callee = node.expression;
        // Object.assign(token, { … })
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'assign' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' && node.arguments.length > 1) {
          const role = this.roleOf(node.arguments[0], scope);
          if (role) for (const source of node.arguments.slice(1)) recordObject(role, source, node);
        } else if (node.arguments.some((a) => this.roleOf(a, scope) === scope.self)) {
          // A same-file helper that mutates the token it is given: its writes count, conditionally.
          const helper = this.resolveFunction(callee);
          if (helper && !this.visiting.has(helper)) {
            this.visiting.add(helper);
            try {
              found.push(...this.assignmentsIn(this.helperScope(helper, node, scope), false, depth + 1));
            } finally {
              this.visiting.delete(helper);
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    return found;
  }

  /** `name.x = value` writes to a local variable inside `fn`. */
  private writesTo(symbol: ts.Symbol, fn: ts.FunctionLikeDeclaration, scope: Scope): Array<{ name: string; value: FieldValue }> {
    const writes: Array<{ name: string; value: FieldValue }> = [];
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const access = accessOf(node.left);
        const object = access && unwrapLight(access.object);
        if (access && object && ts.isIdentifier(object) && this.checker.getSymbolAtLocation(object) === symbol) {
          writes.push({ name: access.name, value: { type: this.typeOf(node.right, access.name, scope), expr: node.right, scope } });
        }
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body) visit(fn.body);
    return writes;
  }

  // ---- results ---------------------------------------------------------------------------------

  private finalize(shapes: readonly Shape[], assignments: readonly Assignment[], target: keyof typeof BUILT_IN): FinalField[] {
    const order: string[] = [];
    const types = new Map<string, TypeSet[]>();
    const add = (name: string, type: TypeSet): void => {
      if (BUILT_IN[target].has(name)) return;
      if (!types.has(name)) {
        types.set(name, []);
        order.push(name);
      }
      types.get(name)!.push(type);
    };
    for (const shape of shapes) for (const [name, value] of shape.fields) add(name, value.type);
    for (const assignment of assignments) add(assignment.name, assignment.value.type);

    const readable = shapes.filter((s) => !s.opaque);
    const presentIn = (shape: Shape, name: string): boolean =>
      shape.fields.has(name) ||
      (shape.selfAt !== undefined && assignments.some((a) => a.name === name && a.topLevel && a.pos < shape.selfAt!));

    return order.map((name) => {
      const set = unionTypes(types.get(name)!);
      const always = readable.length > 0 && readable.every((shape) => presentIn(shape, name));
      // A field whose type nobody can tell is never required: a producer would have to set an `unknown`.
      const field = { name, type: renderFieldType(name, set), optional: !always || set.undefinedPossible || !isKnown(set), known: isKnown(set) };
      return { field, set };
    });
  }

  private lookupFrom(fields: readonly FinalField[], role: Role): ReadonlyMap<string, TypeSet> {
    const map = new Map<string, TypeSet>();
    for (const { field, set } of fields) map.set(field.name, field.optional ? withUndefined(set) : set);
    for (const [name, type] of Object.entries(BUILT_IN_SOURCE_TYPES[role])) if (!map.has(name)) map.set(name, type);
    return map;
  }

  private warn(message: string, node: ts.Node): void {
    this.warnings.push({ message, line: lineAt(this.source, node.getStart(this.source)) });
  }
}

/** A rendered field back as a TypeSet (top-level union parts; literals were kept on purpose). */
function fromDerived(field: DerivedField): FinalField {
  const parts = field.known ? splitTopLevelUnion(field.type) : [];
  return { field, set: { parts: new Set(parts), undefinedPossible: false, literalsStated: true } };
}

/**
 * The name and module of an app type that another module can import: an exported, non-generic interface or
 * type alias at the top of one of the app's TypeScript files (not a package's: their module paths are not
 * the app's to spell).
 */
function exportedTypeName(type: ts.Type): { file: string; name: string } | undefined {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const declaration = symbol?.declarations?.find((d): d is ts.InterfaceDeclaration | ts.TypeAliasDeclaration => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d));
  if (!symbol || !declaration || declaration.typeParameters?.length || !ts.isSourceFile(declaration.parent)) return undefined;
  const file = declaration.getSourceFile().fileName;
  if (file.split(/[\\/]/).includes('node_modules') || !/\.[cm]?tsx?$/.test(file)) return undefined;
  const exported = (ts.getModifiers(declaration) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return exported ? { file, name: symbol.name } : undefined;
}

// ---- syntax helpers ------------------------------------------------------------------------------

function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  const found = ts.findAncestor(node.parent, (n) => ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n));
  return found as ts.FunctionLikeDeclaration | undefined;
}

/** Strips what does not change the value: parentheses, `!`, `await`, `as`/`satisfies`/`<T>` casts. */
const unwrap = (expression: ts.Expression): ts.Expression => unwrapExpression(expression, { awaited: true });

/** Like unwrap, but keeps casts: a cast is the user's own statement of the type. */
function unwrapLight(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
  return e;
}

/** `x as const`, `x as "a" | "b"`, `x satisfies T`, `<T>x`: the code says which type it means. */
function isStatedType(expression: ts.Expression): boolean {
  return ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isTypeAssertionExpression(expression);
}

function accessOf(expression: ts.Expression): { object: ts.Expression; name: string; optional: boolean } | undefined {
  const e = unwrapLight(expression);
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) return { object: e.expression, name: e.name.text, optional: !!e.questionDotToken };
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) return { object: e.expression, name: e.argumentExpression.text, optional: !!e.questionDotToken };
  return undefined;
}

function isOptionalChain(expression: ts.Expression): boolean {
  let e: ts.Expression = expression;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    if (e.questionDotToken) return true;
    e = e.expression;
  }
  return false;
}

function shortText(node: ts.Node, source: ts.SourceFile): string {
  const text = node.getText(source).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
