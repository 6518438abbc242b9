import { envValues } from '../config-files/env-file';
import { LineMap } from './line-map';
import type { Finding } from './types';

export const WEAK_AUTH_SECRET = 'weak-auth-secret' as const;
export const SECRET_IN_PUBLIC_ENV = 'secret-in-public-env' as const;

/** Placeholders from docs, tutorials and starters: never a real secret. Compared lower-cased. */
const PLACEHOLDERS = new Set(['secret', 'changeme', 'change-me', 'change_me', 'your-secret', 'your_secret', 'yoursecret', 'supersecret', 'super-secret', 'mysecret', 'my-secret', 'secret123', 'password', 'test', 'development', 'nextauth-secret', 'your-nextauth-secret', 'generate-a-secret', 'replace-me', 'xxx', 'todo']);
const MIN_SECRET_BYTES = 32;
/** `KEY=` or `KEY:` at the start of a line (dotenv's forms), with its indentation and `export `. */
const ENV_KEY = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]/;

/**
 * A dotenv file `check` reads (`.env`, `.env.local`, `.env.production`, …); templates meant to hold placeholders
 * (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`) are not.
 */
export function isEnvFileName(name: string): boolean {
  return /^\.env(\.[\w.-]+)?$/.test(name) && !/\.(example|sample|template|dist|defaults)$/i.test(name);
}

/**
 * Findings of one dotenv file: `weak-auth-secret` (NEXTAUTH_SECRET / AUTH_SECRET shorter than 32 bytes or a known
 * placeholder) and `secret-in-public-env` (a NEXT_PUBLIC_* variable named as a secret, password or private key:
 * Next.js inlines NEXT_PUBLIC_* values into the browser bundle). Ranges cover the value (weak) or the name (public).
 */
export function analyzeEnvFile(file: string, text: string): Finding[] {
  const lines = new LineMap(text);
  // Values as Next.js sees them (dotenv's parser); the text is scanned only to place each finding on the line
  // that defines the value (the last definition of a key wins, as in dotenv).
  const values = envValues(text);
  const definingLine = new Map<string, number>();
  const rawLines = text.split(/\r?\n/);
  rawLines.forEach((raw, line) => {
    const key = ENV_KEY.exec(raw)?.[2];
    if (key !== undefined && key in values) definingLine.set(key, line);
  });
  const findings: Finding[] = [];
  for (const [key, line] of [...definingLine].sort((a, b) => a[1] - b[1])) {
    const value = values[key];
    if (value.length === 0) continue;
    const raw = rawLines[line];
    const [head, prefix] = ENV_KEY.exec(raw)!;
    const keyStart = prefix.length;
    if (key === 'NEXTAUTH_SECRET' || key === 'AUTH_SECRET') {
      const bytes = Buffer.byteLength(value, 'utf8');
      const placeholder = PLACEHOLDERS.has(value.toLowerCase());
      if (placeholder || bytes < MIN_SECRET_BYTES) {
        const valueStart = head.length + (/^\s*/.exec(raw.slice(head.length))?.[0].length ?? 0);
        findings.push({
          rule: WEAK_AUTH_SECRET,
          message: placeholder
            ? `${key} is a known placeholder ("${value}"). Anyone can forge and decrypt session tokens signed with it; generate one with \`npx auth secret\` or \`openssl rand -base64 32\`.`
            : `${key} is ${bytes} bytes long, shorter than ${MIN_SECRET_BYTES}: too weak to sign and encrypt session tokens. Generate one with \`npx auth secret\` or \`openssl rand -base64 32\`.`,
          file,
          range: { start: { line, character: valueStart }, end: { line, character: raw.trimEnd().length } },
          related: [],
          fixes: [],
        });
      }
    }
    if (key.startsWith('NEXT_PUBLIC_') && /(SECRET|PASSWORD|PRIVATE_KEY)/.test(key)) {
      findings.push({
        rule: SECRET_IN_PUBLIC_ENV,
        message: `${key} is named as a secret but starts with NEXT_PUBLIC_: Next.js inlines NEXT_PUBLIC_* values into the JavaScript sent to the browser. Drop the prefix and read it on the server only.`,
        file,
        range: { start: lines.position(lines.lineStart(line) + keyStart), end: lines.position(lines.lineStart(line) + keyStart + key.length) },
        related: [],
        fixes: [],
      });
    }
  }
  return findings;
}
