import { appendLines } from './eol';

interface IgnoreRule {
  readonly negated: boolean;
  readonly directoryOnly: boolean;
  readonly regex: RegExp;
}

/**
 * Makes sure `fileName` (relative to the .gitignore's folder, POSIX) is ignored. No-op when the existing
 * patterns already ignore it, evaluated as git does: last matching pattern wins, `!` re-includes, patterns
 * without a slash match at any depth, a leading or middle slash anchors, `*`, `?`, `[...]`, `**` globs, a
 * trailing slash matches folders (and so everything inside them). Otherwise appends the file name after a
 * comment, keeping every existing byte (EOL style, missing final newline). `text` undefined = no .gitignore.
 */
export function ensureGitignored(text: string | undefined, fileName: string): { text: string; added: boolean } {
  const name = fileName.replace(/^\.\//, '');
  if (text !== undefined && isIgnored(text, name)) return { text, added: false };
  const pattern = name.includes('/') ? `/${name}` : name;
  return { text: appendLines(text, ['# local env files (secrets), added by nextauth-scaffold', pattern], true), added: true };
}

/** Whether a .gitignore text ignores the file at `relativePath` (POSIX, relative to the .gitignore). */
export function isIgnored(text: string, relativePath: string): boolean {
  const rules = text.split(/\r?\n/).map(parseRule).filter((r): r is IgnoreRule => r !== undefined);
  const segments = relativePath.split('/').filter(Boolean);
  // A file inside an ignored folder stays ignored whatever later patterns say about the file (git rule).
  for (let i = 1; i < segments.length; i++) {
    if (decide(rules, segments.slice(0, i).join('/'), true)) return true;
  }
  return decide(rules, segments.join('/'), false);
}

function decide(rules: readonly IgnoreRule[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.directoryOnly && !isDirectory) continue;
    if (rule.regex.test(path)) ignored = !rule.negated;
  }
  return ignored;
}

function parseRule(line: string): IgnoreRule | undefined {
  let pattern = line.replace(/(?<!\\)\s+$/, '');
  if (pattern === '' || pattern.startsWith('#')) return undefined;
  let negated = false;
  if (pattern.startsWith('!')) {
    negated = true;
    pattern = pattern.slice(1);
  } else if (pattern.startsWith('\\!') || pattern.startsWith('\\#')) {
    pattern = pattern.slice(1);
  }
  let directoryOnly = false;
  if (pattern.endsWith('/')) {
    directoryOnly = true;
    pattern = pattern.slice(0, -1);
  }
  if (pattern === '') return undefined;
  const anchored = pattern.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  const body = globToRegex(pattern);
  const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
  return { negated, directoryOnly, regex };
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          // `**/` = any number of folders (including none); trailing `/**` = everything inside.
          if (i + 2 === glob.length) out += '.*';
          else {
            out += '(?:.*/)?';
            i++; // also consume the slash
          }
          i++;
          continue;
        }
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) out += '\\[';
      else {
        let cls = glob.slice(i + 1, close);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        out += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[++i]);
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
