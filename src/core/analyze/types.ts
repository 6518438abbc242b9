/**
 * Rule ids are a public contract (CLI JSON, ignore comments, diagnostic codes). `analysis-incomplete` is not a leak:
 * it says a file could not be fully analyzed (it does not parse, or nests deeper than the analyzer's depth budget),
 * so silence about it would not mean "clean". It has no fixes and no ignore comment.
 */
export type RuleId = 'session-exposes-refresh-token' | 'session-exposes-token' | 'session-exposes-password' | 'session-exposes-id-token' | 'credentials-needs-jwt-strategy' | 'weak-auth-secret' | 'secret-in-public-env' | 'analysis-incomplete';

/** The leak rules (what an ignore comment can name). */
export type LeakRuleId = Exclude<RuleId, 'analysis-incomplete'>;

export const RULE_IDS: readonly RuleId[] = ['session-exposes-refresh-token', 'session-exposes-token', 'session-exposes-password', 'session-exposes-id-token', 'credentials-needs-jwt-strategy', 'weak-auth-secret', 'secret-in-public-env', 'analysis-incomplete'];

export const ANALYSIS_INCOMPLETE = 'analysis-incomplete' satisfies RuleId;

/** 0-based line and character (UTF-16), as both TypeScript and VS Code count. */
export interface SourcePosition {
  readonly line: number;
  readonly character: number;
}

export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/** Replace text[start, end) with newText. Offsets are into the analyzed text. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface QuickFix {
  readonly title: string;
  /** `configure`: changes an option of the auth config (e.g. adds `session: { strategy: "jwt" }`). */
  readonly kind: 'remove' | 'allow-list' | 'configure' | 'ignore';
  readonly edits: readonly TextEdit[];
  /** Shown first / used by "fix all" when true. */
  readonly preferred?: boolean;
}

export interface RelatedLocation {
  /** Absolute path (same file as the finding unless the refresh token enters elsewhere). */
  readonly file: string;
  readonly range: SourceRange;
  readonly message: string;
}

export interface Finding {
  readonly rule: RuleId;
  readonly message: string;
  /** Absolute path of the analyzed file. */
  readonly file: string;
  /** The exact expression that leaks. */
  readonly range: SourceRange;
  readonly related: readonly RelatedLocation[];
  readonly fixes: readonly QuickFix[];
}

export interface AnalyzerOptions {
  /** Extra field names to treat as refresh tokens (setting `nextauthScaffold.diagnostics.sensitiveFields`). */
  readonly extraSensitiveNames?: readonly string[];
  /**
   * What the project's `JWT` augmentation (`declare module "next-auth/jwt"`) declares, when known:
   * field names, and where the declaration is (for relatedInformation).
   */
  readonly jwtAugmentation?: JwtAugmentation;
  /** Facts from other files of the project (`check` on a folder computes them; see crossFileFacts). */
  readonly crossFile?: CrossFileFacts;
}

/**
 * What `check` learnt from other files about this one (see cross-file.ts): functions here that the project's auth
 * options wire as the session callback, and what the jwt callback written in another file stores in the JWT.
 */
export interface CrossFileFacts {
  /** Offsets (node.pos) of functions in this file wired as `callbacks.session` by another module. */
  readonly sessionCallbackStarts: readonly number[];
  /** The jwt callback of the same options, written in another file, and the refresh-holding fields it stores. */
  readonly jwt?: { readonly file: string; readonly fields: readonly { readonly name: string; readonly range: SourceRange }[] };
}

export interface JwtAugmentation {
  readonly file: string;
  readonly fields: readonly { readonly name: string; readonly range: SourceRange }[];
}

/**
 * What one session callback sends to the browser (the JSON of `/api/auth/session`, `useSession()`), from the same flow
 * analysis as the leak rules: NextAuth's default session (`user.name`, `user.email`, `user.image`, `expires`), what
 * the callback writes into it, and what it returns. Parts the analysis cannot see into (a spread of a call's result,
 * a computed key) are listed in `opaque`, never guessed.
 */
export interface SessionShape {
  /** The session callback function. */
  readonly callbackRange: SourceRange;
  /** The callback's head on its first line (the `session` key or name, `async`, parameters): where the hover answers. */
  readonly headRange: SourceRange;
  /** The fields the JSON holds, in the order the callback writes them. */
  readonly fields: readonly SessionShapeField[];
  /** Parts whose fields are not known: spread from (or filled by) `source` under `path` ('' is the top level). */
  readonly opaque: readonly { readonly path: string; readonly source: string }[];
  /** The refresh-token rule finds a refresh token reaching this session (even where an ignore comment silences it). */
  readonly refreshToken: boolean;
  /** The whole JWT (or all of it but some fields) reaches the session. */
  readonly wholeToken: boolean;
}

export interface SessionShapeField {
  /** Dotted path in the JSON: `user.id`, `accessToken`; for a spread of the whole JWT, the object it lands in ('' at the top). */
  readonly path: string;
  /** `value`: one value; `token`: every field of the JWT (but `excluded`). */
  readonly kind: 'value' | 'token';
  /** Where the value comes from, as written (`token.sub`, `session.user.name`); NextAuth's own fields name the JWT claim. */
  readonly source: string;
  /** JWT fields a rest pattern or a later key removed, for `token`. */
  readonly excluded?: readonly string[];
  /** The value is a refresh token (by the leak rule's names). */
  readonly refreshToken: boolean;
}

/** The findings of one file and, when asked for, the session shapes of its callbacks (one parse, one analysis). */
export interface DocumentAnalysis {
  readonly findings: readonly Finding[];
  readonly sessionShapes: readonly SessionShape[];
}
