// How a SessionShape reads in the editor: the CodeLens title, the hover's rows, the JSON view of /api/auth/session.
import type { SessionShape, SessionShapeField } from './types';

/** Fields named in the lens before "+N more". */
const LENS_FIELDS = 8;

/**
 * The CodeLens title, e.g. `Sent to the browser: user.id, user.name, user.email, accessToken · no refresh token`.
 * `expires` (NextAuth's own, the same for every app) is left to the hover and the JSON view. A part the analysis
 * cannot see into is named (`+ fields from getUser()`), and then the verdict says "seen", not more.
 */
export function sessionLensTitle(shape: SessionShape): string {
  const names = shape.fields.filter((f) => !(f.kind === 'value' && f.path === 'expires')).map(fieldLabel);
  const shown = names.length > LENS_FIELDS ? [...names.slice(0, LENS_FIELDS), `+${names.length - LENS_FIELDS} more`] : names;
  const opaque = shape.opaque.map((o) => `+ ${o.path === '' ? '' : `${o.path} `}fields from ${o.source}`);
  const what = [shown.join(', '), ...opaque].filter((part) => part !== '').join(' ') || 'nothing';
  return `Sent to the browser: ${what} · ${verdict(shape)}`;
}

function verdict(shape: SessionShape): string {
  if (shape.refreshToken) return 'includes refresh token';
  if (shape.wholeToken || shape.opaque.length > 0) return 'no refresh token seen';
  return 'no refresh token';
}

function fieldLabel(field: SessionShapeField): string {
  if (field.kind === 'value') return field.refreshToken ? `${field.path} (refresh token)` : field.path;
  const without = field.excluded && field.excluded.length > 0 ? ` without ${field.excluded.join(', ')}` : '';
  return field.path === '' ? `the whole JWT${without}` : `${field.path} = the whole JWT${without}`;
}

/** One row per field for the hover: the JSON path, where its value comes from, and a note for what deserves one. */
export function sessionShapeRows(shape: SessionShape): Array<{ path: string; source: string; note?: string }> {
  const rows: Array<{ path: string; source: string; note?: string }> = shape.fields.map((field) => ({
    path: field.kind === 'token' ? `${field.path === '' ? '' : `${field.path}.`}*` : field.path,
    source: field.source,
    note: field.refreshToken
      ? 'refresh token'
      : field.kind === 'token'
        ? `every field of the JWT${field.excluded && field.excluded.length > 0 ? ` but ${field.excluded.join(', ')}` : ''}${shape.refreshToken ? ', the refresh token among them' : ''}`
        : undefined,
  }));
  for (const o of shape.opaque) rows.push({ path: `${o.path === '' ? '' : `${o.path}.`}*`, source: o.source, note: 'fields not known to the analysis' });
  return rows;
}

/**
 * The JSON `/api/auth/session` would return for this shape, as text: each value a placeholder naming its source
 * (`"<token.accessToken>"`), `expires` as NextAuth writes it, a whole JWT as its own object, unknown parts as a note.
 */
export function sessionShapeJson(shape: SessionShape): string {
  const root: Record<string, unknown> = {};
  const at = (path: string): Record<string, unknown> => {
    let node = root;
    for (const key of path === '' ? [] : path.split('.')) {
      const next = node[key];
      if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
      else node = node[key] = {};
    }
    return node;
  };
  for (const field of shape.fields) {
    if (field.kind === 'token') {
      const without = field.excluded && field.excluded.length > 0 ? ` but ${field.excluded.join(', ')}` : '';
      at(field.path)['…'] = `<every field of the JWT (${field.source})${without}${shape.refreshToken ? ', the refresh token among them' : ''}>`;
      continue;
    }
    const parts = field.path.split('.');
    const key = parts.pop() as string;
    at(parts.join('.'))[key] = field.path === 'expires' && field.source.startsWith('NextAuth') ? '<ISO date>' : `<${field.source}>${field.refreshToken ? ' (refresh token)' : ''}`;
  }
  for (const o of shape.opaque) at(o.path)['…'] = `<fields from ${o.source}: not known to the analysis>`;
  return `${JSON.stringify(root, null, 2)}\n`;
}
