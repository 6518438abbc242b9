import * as path from 'path';
import { ts } from 'ts-morph';
import type { ReadonlyFileSystem } from '../file-system';
import { LineMap } from './line-map';
import type { JwtAugmentation } from './types';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.next', 'dist', 'build', 'out', '.git', 'coverage', '.turbo', '.vercel']);
const JWT_MODULES = new Set(['next-auth/jwt', '@auth/core/jwt']);
const MAX_DEPTH = 6;
/** Names that are files, not worth a stat. */
const PLAIN_FILE = /\.(json|[cm]?jsx?|tsx|css|scss|sass|less|md|mdx|png|jpe?g|gif|svg|ico|webp|txt|lock|ya?ml|map|html|env)$/i;
const MAX_FILES = 4000;

/**
 * Reads the app's `JWT` augmentation (`declare module "next-auth/jwt"` or `"@auth/core/jwt"` with
 * `interface JWT { … }`) from its .ts/.d.ts files. Bounded walk that skips node_modules and build output;
 * `undefined` when the app declares none. Fields from several declarations are merged (first file named).
 */
export function readJwtAugmentation(fs: ReadonlyFileSystem, appRoot: string): JwtAugmentation | undefined {
  let file: string | undefined;
  const fields: Array<JwtAugmentation['fields'][number]> = [];
  let visited = 0;
  const walk = (directory: string, depth: number): void => {
    for (const entry of fs.readDirectory(directory)) {
      if (++visited > MAX_FILES) return;
      const full = path.join(directory, entry);
      if (/\.(d\.)?[cm]?ts$/.test(entry) && !entry.endsWith('.tsx')) {
        const text = fs.readFile(full);
        if (text === undefined || !(text.includes('next-auth/jwt') || text.includes('@auth/core/jwt'))) continue;
        const found = jwtFieldsIn(full, text);
        if (found.length === 0) continue;
        file ??= full;
        for (const field of found) if (!fields.some((f) => f.name === field.name)) fields.push(field);
      } else if (depth < MAX_DEPTH && !SKIPPED_DIRECTORIES.has(entry) && !entry.startsWith('.') && !PLAIN_FILE.test(entry) && fs.isDirectory(full)) {
        walk(full, depth + 1);
      }
    }
  };
  walk(appRoot, 0);
  return file ? { file, fields } : undefined;
}

function jwtFieldsIn(file: string, text: string): Array<JwtAugmentation['fields'][number]> {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const lines = new LineMap(text);
  const fields: Array<JwtAugmentation['fields'][number]> = [];
  const visitModule = (node: ts.Node): void => {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name) && JWT_MODULES.has(node.name.text) && node.body && ts.isModuleBlock(node.body)) {
      for (const statement of node.body.statements) {
        if (!ts.isInterfaceDeclaration(statement) || statement.name.text !== 'JWT') continue;
        for (const member of statement.members) {
          if (!ts.isPropertySignature(member)) continue;
          const name = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
          if (name === undefined) continue;
          fields.push({
            name,
            range: {
              start: lines.position(member.getStart(sourceFile)),
              end: lines.position(member.end),
            },
          });
        }
      }
      return;
    }
    ts.forEachChild(node, visitModule);
  };
  visitModule(sourceFile);
  return fields;
}
