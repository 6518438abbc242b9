import * as assert from 'assert';
import fc from 'fast-check';
import { ScaffoldError } from '../../src/core/errors';
import * as ts from 'typescript';
import { parse as parseDotenv } from 'dotenv';
import { ensureConfigIncludes, ensureEnvEntries, ensureGitignored, generateSecret, includeCovers, isIgnored } from '../../src/core/config-files';

const ENTRIES = [
  { key: 'NEXTAUTH_SECRET', value: 'c2VjcmV0', comment: 'Signs and encrypts the session JWT' },
  { key: 'NEXTAUTH_URL', value: 'http://localhost:3000' },
  { key: 'API_BASE_URL', value: 'http://localhost:4000' },
];

/** Runs a text-in/text-out helper twice: the second run must return the same text and report no addition. */
function twice<T extends { text: string }>(run: (text: string | undefined) => T, input: string | undefined, unchanged: (r: T) => boolean): T {
  const first = run(input);
  const second = run(first.text);
  assert.strictEqual(second.text, first.text, 'second run changed the text');
  assert.ok(unchanged(second), 'second run reported an addition');
  return first;
}

describe('config-files: ensureEnvEntries', () => {
  const run = (text: string | undefined) => ensureEnvEntries(text, ENTRIES);
  const none = (r: { added: string[] }) => r.added.length === 0;

  it('creates the file when absent, with comments, and is a no-op the second time', () => {
    const result = twice(run, undefined, none);
    assert.strictEqual(result.text, '# Signs and encrypts the session JWT\nNEXTAUTH_SECRET=c2VjcmV0\nNEXTAUTH_URL=http://localhost:3000\nAPI_BASE_URL=http://localhost:4000\n');
    assert.deepStrictEqual(result.added, ['NEXTAUTH_SECRET', 'NEXTAUTH_URL', 'API_BASE_URL']);
  });

  it('adds only missing keys and keeps every existing byte: comments, export, quotes, CRLF, no final newline', () => {
    const existing = '# backend\r\nexport API_BASE_URL="https://api.example.com" # prod\r\n\r\n# NEXTAUTH_URL=http://old\r\nOTHER=1';
    const result = twice(run, existing, none);
    assert.ok(result.text.startsWith(existing + '\r\n'), JSON.stringify(result.text));
    assert.deepStrictEqual(result.added, ['NEXTAUTH_SECRET', 'NEXTAUTH_URL']);
    assert.ok(!/[^\r]\n/.test(result.text), 'mixed line endings');
    assert.match(result.text, /\r\nNEXTAUTH_URL=http:\/\/localhost:3000\r\n$/);
  });

  it('does not mistake the lines of a multi-line quoted value for keys', () => {
    const existing = 'PRIVATE_KEY="-----BEGIN KEY-----\nNEXTAUTH_SECRET=inside-the-key\n-----END KEY-----"\n';
    const result = ensureEnvEntries(existing, ENTRIES);
    assert.deepStrictEqual(result.added, ['NEXTAUTH_SECRET', 'NEXTAUTH_URL', 'API_BASE_URL']);
  });

  it('quotes values that need it, and dotenv reads back exactly what it adds, or it refuses (property)', () => {
    const key = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,12}$/);
    const value = fc.string({ maxLength: 20 }).filter((v) => !v.includes('\n') && !v.includes('\r'));
    fc.assert(
      fc.property(fc.array(fc.record({ key, value }), { maxLength: 5 }), fc.string({ maxLength: 40 }), (entries, prefix) => {
        let first: { text: string; added: string[] };
        try {
          first = ensureEnvEntries(prefix, entries, '/app/.env.local');
        } catch (error) {
          // Refused, named: a value no quoting carries (every kind of quote in it), or a quote the existing
          // text opens and never closes, which would swallow what we add.
          assert.ok(error instanceof ScaffoldError, String(error));
          if (/would not be read back/.test(error.message)) assert.match(prefix, /["'`]/, error.message);
          else assert.match(error.message, /cannot be written so that dotenv reads it back/);
          return;
        }
        assert.ok(first.text.startsWith(prefix));
        const read = parseDotenv(first.text);
        for (const k of first.added) assert.strictEqual(read[k], entries.find((e) => e.key === k)!.value, `${k} is not read back as written`);
        const second = ensureEnvEntries(first.text, entries);
        assert.deepStrictEqual(second.added, []);
        assert.strictEqual(second.text, first.text);
      }),
      { numRuns: 1000 },
    );
    assert.match(ensureEnvEntries('', [{ key: 'A', value: 'x # y' }]).text, /^A='x # y'\n$/);
  });

  it('detects keys as Next.js does (dotenv): "KEY: value" and keys after an unterminated quote count (issue 12 reproductions)', () => {
    assert.deepStrictEqual(ensureEnvEntries('NEXTAUTH_SECRET: abc\n', ENTRIES).added, ['NEXTAUTH_URL', 'API_BASE_URL']);
    assert.deepStrictEqual(ensureEnvEntries('BROKEN="oops\nNEXTAUTH_SECRET=abc\nNEXTAUTH_URL=x\nAPI_BASE_URL=y\n', ENTRIES).added, []);
  });

  it('an existing empty secret counts as missing and is filled on its own line (issue 9 item 3)', () => {
    const secret = [{ key: 'NEXTAUTH_SECRET', value: 'c2VjcmV0', fillEmpty: true }];
    for (const [empty, filled] of [
      ['NEXTAUTH_SECRET=\nOTHER=1\n', 'NEXTAUTH_SECRET=c2VjcmV0\nOTHER=1\n'],
      ['export NEXTAUTH_SECRET=""\r\nOTHER=1', 'export NEXTAUTH_SECRET=c2VjcmV0\r\nOTHER=1'],
      ["NEXTAUTH_SECRET = '' # set me\n", 'NEXTAUTH_SECRET =c2VjcmV0\n'],
    ]) {
      const result = ensureEnvEntries(empty, secret);
      assert.deepStrictEqual(result, { text: filled, added: ['NEXTAUTH_SECRET'] }, empty);
      assert.deepStrictEqual(ensureEnvEntries(result.text, secret).added, []);
    }
    // Without fillEmpty an empty value is the user's choice and stays.
    assert.deepStrictEqual(ensureEnvEntries('NEXTAUTH_URL=\n', [{ key: 'NEXTAUTH_URL', value: 'x' }]).added, []);
  });

  it('refuses, naming the file, a value dotenv could not read back exactly', () => {
    assert.throws(
      () => ensureEnvEntries('A=1\n', [{ key: 'C', value: `it's "all" \`three\`` }], '/app/.env.local'),
      (e: unknown) => e instanceof ScaffoldError && e.file === '/app/.env.local' && /value for C cannot be written/.test(e.message),
    );
  });
});

describe('config-files: ensureGitignored', () => {
  const run = (text: string | undefined) => ensureGitignored(text, '.env.local');
  const none = (r: { added: boolean }) => !r.added;

  for (const ignoring of ['.env.local', '/.env.local', '.env*', '.env*.local', '*.local', '.env.*', '**/.env.local', '.env.loca?', '.env.[lp]ocal', '.env.local   ']) {
    it(`already ignored by "${ignoring.trim()}": unchanged`, () => {
      const text = `node_modules\n${ignoring}\n`;
      assert.deepStrictEqual(ensureGitignored(text, '.env.local'), { text, added: false });
    });
  }

  for (const notIgnoring of ['  .env.local', '.env', '.env.production', 'config/.env.local', '.env.local/', '#.env.local', '*.env', '\\#.env.local']) {
    it(`not ignored by "${notIgnoring}": appended`, () => {
      const result = twice(run, `${notIgnoring}\n`, none);
      assert.strictEqual(result.added, true);
      assert.ok(result.text.startsWith(`${notIgnoring}\n`));
      assert.match(result.text, /\n\.env\.local\n$/);
    });
  }

  it('respects negations: a later !.env.local re-includes it, so it is added after', () => {
    const text = '.env*\n!.env.local\n';
    assert.strictEqual(isIgnored(text, '.env.local'), false);
    const result = twice(run, text, none);
    assert.ok(result.text.startsWith(text));
    assert.strictEqual(isIgnored(result.text, '.env.local'), true);
    assert.strictEqual(isIgnored('!.env.local\n.env*\n', '.env.local'), true);
  });

  it('files inside an ignored folder stay ignored; directory-only patterns match folders only', () => {
    assert.strictEqual(isIgnored('config/\n', 'config/.env.local'), true);
    assert.strictEqual(isIgnored('config/\n!config/.env.local\n', 'config/.env.local'), true);
    assert.strictEqual(isIgnored('config/**\n', 'config/.env.local'), true);
    assert.strictEqual(isIgnored('.env.local/\n', '.env.local'), false);
    assert.strictEqual(isIgnored('a/**/b.txt\n', 'a/x/y/b.txt'), true);
    assert.strictEqual(isIgnored('a/**/b.txt\n', 'a/b.txt'), true);
  });

  it('keeps CRLF and a missing final newline; creates the file when absent', () => {
    const result = twice(run, '# deps\r\nnode_modules', none);
    assert.strictEqual(result.text, '# deps\r\nnode_modules\r\n\r\n# local env files (secrets), added by nextauth-scaffold\r\n.env.local\r\n');
    const created = twice(run, undefined, none);
    assert.strictEqual(created.text, '# local env files (secrets), added by nextauth-scaffold\n.env.local\n');
  });
});

describe('config-files: ensureConfigIncludes', () => {
  const CREATE_NEXT_APP = `{
  "compilerOptions": {
    "strict": true,
    "paths": {
      "@/*": ["./src/*"]
    }
  },
  "include": ["next-env.d.ts", "**/*.ts", "**/*.tsx", ".next/types/**/*.ts"],
  "exclude": ["node_modules"]
}
`;
  const run = (file: string) => (text: string | undefined) => ensureConfigIncludes(text ?? '', file, '/app/tsconfig.json');
  const none = (r: { added: boolean }) => !r.added;

  it('no-op when an include glob already covers the file', () => {
    assert.deepStrictEqual(ensureConfigIncludes(CREATE_NEXT_APP, 'next-auth.d.ts', '/app/tsconfig.json'), { text: CREATE_NEXT_APP, added: false });
    assert.strictEqual(ensureConfigIncludes('{"include": ["src"]}', 'src/types/next-auth.d.ts', 'x').added, false);
    assert.strictEqual(ensureConfigIncludes('{"include": ["./types/*.d.ts"]}', './types/next-auth.d.ts', 'x').added, false);
    assert.strictEqual(ensureConfigIncludes('{"include": ["."]}', 'next-auth.d.ts', 'x').added, false);
    assert.strictEqual(ensureConfigIncludes('{"files": ["next-auth.d.ts"]}', 'next-auth.d.ts', 'x').added, false);
  });

  it('no-op when there is neither include nor files (TypeScript includes everything)', () => {
    const text = '{ "compilerOptions": { "jsx": "preserve" } }';
    assert.deepStrictEqual(ensureConfigIncludes(text, 'next-auth.d.ts', 'x'), { text, added: false });
  });

  it('appends to a one-per-line include, keeping comments, indentation and the trailing comma', () => {
    const text = '{\n  // app code only\n  "include": [\n    "next-env.d.ts",\n    "app/**/*", // routes\n    "lib/**/*.ts",\n  ],\n  "exclude": ["node_modules"],\n}\n';
    const result = twice(run('types/next-auth.d.ts'), text, none);
    assert.strictEqual(
      result.text,
      '{\n  // app code only\n  "include": [\n    "next-env.d.ts",\n    "app/**/*", // routes\n    "lib/**/*.ts",\n    "types/next-auth.d.ts",\n  ],\n  "exclude": ["node_modules"],\n}\n',
    );
  });

  it('appends inline to an inline include and into an empty one', () => {
    const inline = twice(run('next-auth.d.ts'), '{ "include": ["app/**/*.ts", "lib/**/*.ts"] }', none);
    assert.strictEqual(inline.text, '{ "include": ["app/**/*.ts", "lib/**/*.ts", "next-auth.d.ts"] }');
    const empty = twice(run('next-auth.d.ts'), '{ "include": [] }', none);
    assert.strictEqual(empty.text, '{ "include": ["next-auth.d.ts"] }');
    const filesOnly = twice(run('next-auth.d.ts'), '{ "files": ["a.ts"] }', none);
    assert.strictEqual(filesOnly.text, '{ "files": ["a.ts", "next-auth.d.ts"] }');
  });

  it('keeps CRLF when adding a line', () => {
    const result = twice(run('next-auth.d.ts'), '{\r\n  "include": [\r\n    "app/**/*.tsx"\r\n  ]\r\n}\r\n', none);
    assert.strictEqual(result.text, '{\r\n  "include": [\r\n    "app/**/*.tsx",\r\n    "next-auth.d.ts"\r\n  ]\r\n}\r\n');
  });

  it('throws ScaffoldError with the file and line when the config does not parse', () => {
    const broken = '{\n  "compilerOptions": {\n    "strict": true\n  \n  "include": ["app"\n}\n';
    assert.throws(
      () => ensureConfigIncludes(broken, 'next-auth.d.ts', '/app/tsconfig.json'),
      (error: unknown) => error instanceof ScaffoldError && error.file === '/app/tsconfig.json' && typeof error.line === 'number' && error.line >= 4,
    );
  });
});

describe('config-files: properties', () => {
  it('ensureGitignored: afterwards the file is ignored, earlier bytes kept, and a second run is a no-op', () => {
    const line = fc.constantFrom('.env', '.env*', '!.env.local', '*.local', '!*.local', '# .env.local', 'node_modules/', '/.env.local', '.env.*', 'config/', '', '  ', '*.log', '!.env*');
    const eol = fc.constantFrom('\n', '\r\n');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), eol, fc.boolean(), (lines, newline, finalNewline) => {
        const text = lines.join(newline) + (finalNewline && lines.length ? newline : '');
        const first = ensureGitignored(text, '.env.local');
        assert.ok(first.text.startsWith(text));
        assert.strictEqual(isIgnored(first.text, '.env.local'), true);
        assert.strictEqual(first.added, !isIgnored(text, '.env.local'));
        assert.deepStrictEqual(ensureGitignored(first.text, '.env.local'), { text: first.text, added: false });
      }),
      { numRuns: 1000 },
    );
  });

  it('ensureConfigIncludes: the result still parses, covers the file, and a second run is a no-op', () => {
    const entry = fc.constantFrom('"app/**/*"', '"lib/**/*.ts"', '"next-env.d.ts"', '".next/types/**/*.ts"', '"src"', '"*.mjs"');
    const space = fc.constantFrom('', ' ', '\n    ', '\n    // note\n    ', ' /* c */ ');
    const file = fc.constantFrom('next-auth.d.ts', 'types/next-auth.d.ts', 'src/types/next-auth.d.ts');
    fc.assert(
      fc.property(fc.array(fc.tuple(space, entry), { maxLength: 5 }), space, fc.boolean(), file, (items, closing, trailingComma, target) => {
        const body = items.map(([ws, e]) => ws + e).join(',') + (trailingComma && items.length ? ',' : '');
        const text = `{\n  "compilerOptions": { "strict": true },\n  "include": [${body}${closing}],\n}\n`;
        const first = ensureConfigIncludes(text, target, '/app/tsconfig.json');
        const parsed = ts.parseConfigFileTextToJson('/app/tsconfig.json', first.text);
        assert.strictEqual(parsed.error, undefined, first.text);
        const include = (parsed.config as { include: string[] }).include;
        assert.ok(include.some((pattern) => includeCovers(pattern, target)), first.text);
        assert.deepStrictEqual(ensureConfigIncludes(first.text, target, '/app/tsconfig.json'), { text: first.text, added: false });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('config-files: generateSecret', () => {
  it('is 32 random bytes in base64, different each time', () => {
    const a = generateSecret();
    const b = generateSecret();
    assert.strictEqual(Buffer.from(a, 'base64').length, 32);
    assert.match(a, /^[A-Za-z0-9+/]{43}=$/);
    assert.notStrictEqual(a, b);
  });
});
