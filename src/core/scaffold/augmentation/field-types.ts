import { ts } from 'ts-morph';

/**
 * What we know about the type of one value: the type texts it can take (`string`, `number`,
 * `"RefreshAccessTokenError"`, `string[]`, `null` …) and whether it can be `undefined`.
 * Empty `parts` means we do not know (rendered `unknown`).
 */
export interface TypeSet {
  readonly parts: ReadonlySet<string>;
  readonly undefinedPossible: boolean;
  /** The code states its literals on purpose (`"pro" as const`, `as "free" | "pro"`): do not widen them. */
  readonly literalsStated?: boolean;
}

export const UNKNOWN: TypeSet = { parts: new Set(), undefinedPossible: false };

export function typeSet(parts: readonly string[], undefinedPossible = false): TypeSet {
  return { parts: new Set(parts), undefinedPossible };
}

export function unionTypes(sets: readonly TypeSet[]): TypeSet {
  const parts = new Set<string>();
  let undefinedPossible = false;
  // Literals stay only when every value that brings literals states them.
  let literalsStated = sets.some((set) => hasLiterals(set.parts));
  for (const set of sets) {
    for (const part of set.parts) parts.add(part);
    undefinedPossible ||= set.undefinedPossible;
    if (hasLiterals(set.parts) && !set.literalsStated) literalsStated = false;
  }
  return { parts, undefinedPossible, literalsStated };
}

function hasLiterals(parts: ReadonlySet<string>): boolean {
  return [...parts].some((p) => /^".*"$/.test(p) || /^-?\d/.test(p));
}

export function withUndefined(set: TypeSet): TypeSet {
  return { ...set, undefinedPossible: true };
}

export function withoutNullish(set: TypeSet): TypeSet {
  const parts = new Set([...set.parts].filter((p) => p !== 'null'));
  return { parts, undefinedPossible: false, literalsStated: set.literalsStated };
}

export function isKnown(set: TypeSet): boolean {
  return set.parts.size > 0;
}

/**
 * A checker type as a TypeSet, or `undefined` when it says nothing useful (any, unknown, objects,
 * functions): the caller then falls back to other evidence. Only primitives, literals, null and
 * arrays of those are trusted, since those are what a token or session field can sensibly hold.
 */
export function typeSetFromChecker(type: ts.Type, checker: ts.TypeChecker, depth = 0): TypeSet | undefined {
  if (depth > 3) return undefined;
  const flags = type.flags;
  if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return undefined;
  if (type.isUnion()) {
    const members = type.types.map((member) => typeSetFromChecker(member, checker, depth + 1));
    if (members.some((m) => m === undefined)) return undefined;
    return unionTypes(members as TypeSet[]);
  }
  if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return typeSet([], true);
  if (flags & ts.TypeFlags.Null) return typeSet(['null']);
  if (type.isStringLiteral()) return typeSet([JSON.stringify(type.value)]);
  if (type.isNumberLiteral()) return typeSet([String(type.value)]);
  if (flags & ts.TypeFlags.BooleanLiteral || flags & ts.TypeFlags.Boolean) return typeSet(['boolean']);
  if (flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) return typeSet(['string']);
  if (flags & ts.TypeFlags.Number) return typeSet(['number']);
  if (flags & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) return typeSet(['bigint']);
  if (checker.isArrayType(type)) {
    const element = checker.getTypeArguments(type as ts.TypeReference)[0];
    const inner = element && typeSetFromChecker(element, checker, depth + 1);
    if (!inner || !isKnown(inner)) return undefined;
    const text = renderParts(widenLiterals(inner.parts), inner.undefinedPossible);
    return typeSet([/[|&]/.test(text) ? `(${text})[]` : `${text}[]`]);
  }
  return undefined;
}

/**
 * A guess from the field's name alone, for values whose type the checker cannot see (usually because
 * the config's `user`/`token` come from next-auth, which is not loaded here). Conventions, not proof:
 * `*Token` holds a token string, `*Expires*`/`exp` a timestamp, `id` a string, `isX`/`hasX` a flag.
 */
export function typeSetFromName(name: string): TypeSet | undefined {
  if (/^(id|sub)$/i.test(name) || /[a-z]Id$/.test(name)) return typeSet(['string']);
  if (/token$/i.test(name)) return typeSet(['string']);
  if (/^exp$|expires|expiry|expiration/i.test(name)) return typeSet(['number']);
  if (/^(is|has)[A-Z_]/.test(name)) return typeSet(['boolean']);
  if (/^error$/i.test(name)) return typeSet(['string']);
  return undefined;
}

/**
 * Literal types are kept only for error-like fields (`error: "RefreshAccessTokenError"`), where the
 * literal is the contract the client checks; elsewhere a literal is one sample of a wider type.
 */
export function keepsLiterals(fieldName: string): boolean {
  return /(^|[a-z])error$/i.test(fieldName);
}

/** Splits rendered type text at its top-level ` | ` (`a | (b | c)[] | { d: e | f }` → three parts). */
export function splitTopLevelUnion(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if ('([{<'.includes(ch)) depth++;
    else if (')]}>'.includes(ch)) depth--;
    else if (depth === 0 && text.startsWith(' | ', i)) {
      parts.push(text.slice(start, i));
      start = i + 3;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** String and number literals replaced by their primitive (`"a" | 1 | null` → string, number, null). */
export function widenLiterals(parts: ReadonlySet<string>): Set<string> {
  const widened = new Set<string>();
  for (const part of parts) {
    if (/^".*"$/.test(part)) widened.add('string');
    else if (/^-?\d/.test(part)) widened.add('number');
    else widened.add(part);
  }
  return widened;
}

const ORDER = ['string', 'number', 'bigint', 'boolean'];

/** Stable rendering: primitives first, then literals, arrays, `null` last; `undefined` only when asked. */
export function renderParts(parts: ReadonlySet<string>, includeUndefined = false): string {
  let list = [...parts];
  // A literal next to its own primitive adds nothing.
  if (list.includes('string')) list = list.filter((p) => !/^".*"$/.test(p));
  if (list.includes('number')) list = list.filter((p) => !/^-?\d/.test(p));
  const rank = (p: string): number => {
    const index = ORDER.indexOf(p);
    if (index >= 0) return index;
    if (p === 'null') return 9;
    if (p.endsWith('[]')) return 7;
    return 5;
  };
  list.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (includeUndefined) list.push('undefined');
  return list.length === 0 ? 'unknown' : list.join(' | ');
}

/** The type text and optionality a field gets in the augmentation. */
export function renderFieldType(name: string, set: TypeSet): string {
  const parts = keepsLiterals(name) || set.literalsStated ? new Set(set.parts) : widenLiterals(set.parts);
  return renderParts(parts);
}
