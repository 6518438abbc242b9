import * as assert from 'assert';
import fc from 'fast-check';
import * as ts from 'typescript';
import type { DerivedField } from '../../src/core/scaffold/augmentation';
import { mergeAugmentation, type FilePlan } from '../../src/core/scaffold/augmentation/merge-augmentation';
import { chooseJwtModule } from '../../src/core/scaffold/augmentation/jwt-module';
import { InMemoryFileSystem } from '../../src/core/file-system';

// Get-or-add on generated inputs: whatever the fields and whatever augmentation file we start from, the
// merge output parses, declares each field once, keeps the user's members, and a second merge is a no-op.

const NAMES = ['accessToken', 'refreshToken', 'accessTokenExpires', 'error', 'role', 'id', 'tenant-id', 'plan'];
const TYPES = ['string', 'number', 'boolean', '"RefreshAccessTokenError"', 'string | null', 'string[]', 'unknown', '"a" | "b"'];

const field = fc.record({
  name: fc.constantFrom(...NAMES),
  type: fc.constantFrom(...TYPES),
  optional: fc.boolean(),
});
const fields = fc.uniqueArray(field, { selector: (f) => f.name, maxLength: 5 }).map((list) =>
  list.map((f): DerivedField => ({ ...f, known: f.type !== 'unknown' })),
);

const STARTS: readonly (string | undefined)[] = [
  undefined,
  '',
  'import "next-auth";\n',
  "import type { DefaultSession } from 'next-auth'\n\ndeclare module 'next-auth' {\n  interface Session {\n    // kept\n    custom: Custom\n  }\n}\n\ntype Custom = { a: 1 }\n",
  'import "next-auth";\r\ndeclare module "next-auth" {\r\n\tinterface User {\r\n\t\trole: "x" | "y";\r\n\t}\r\n}\r\ndeclare module "next-auth/jwt" {\r\n\tinterface JWT {\r\n\t\tplan: Plan;\r\n\t}\r\n}\r\ntype Plan = string;\r\n',
  'export {};\ndeclare module "next-auth" { interface Session { user: { id: string } & Record<string, unknown> } }\n',
  'declare module "next-auth" {}\n',
];

function declaredMembers(text: string): Map<string, string[]> {
  const source = ts.createSourceFile('/a.d.ts', text, ts.ScriptTarget.Latest, true);
  const found = new Map<string, string[]>();
  const visit = (node: ts.Node, owner: string): void => {
    if (ts.isInterfaceDeclaration(node)) owner = node.name.text;
    if (ts.isPropertySignature(node) && node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      const key = `${owner}.${node.name.text}`;
      found.set(key, [...(found.get(key) ?? []), node.type?.getText(source) ?? '']);
      if (node.name.text === 'user') owner = `${owner}.user`;
    }
    ts.forEachChild(node, (child) => visit(child, owner));
  };
  visit(source, '');
  return found;
}

describe('mergeAugmentation (generated inputs)', function () {
  this.timeout(60_000);

  it('parses, declares each field once, keeps user members, and is idempotent', () => {
    const v5 = chooseJwtModule(new InMemoryFileSystem(), '/app', 5);
    fc.assert(
      fc.property(fc.constantFrom(...STARTS), fields, fields, fields, fields, fc.boolean(), (start, session, sessionUser, user, jwt, isV5) => {
        const plan: FilePlan = {
          session: { fields: session.filter((f) => f.name !== 'user'), userFields: sessionUser },
          user,
          jwt: { fields: jwt, choice: isV5 ? v5 : { module: 'next-auth/jwt', importForProgram: false }, usableModules: ['next-auth/jwt'] },
        };
        const first = mergeAugmentation(start, '/app/next-auth.d.ts', plan);
        const text = first.text === '' ? start ?? '' : first.text;
        const parsed = ts.createSourceFile('/a.d.ts', text, ts.ScriptTarget.Latest, true);
        assert.deepStrictEqual((parsed as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, [], text);

        const members = declaredMembers(text);
        for (const [key, types] of members) assert.strictEqual(types.length, 1, `${key} declared ${types.length} times:\n${text}`);
        for (const f of user) assert.ok(members.has(`User.${f.name}`), `User.${f.name} missing:\n${text}`);
        for (const f of jwt) assert.ok(members.has(`JWT.${f.name}`), `JWT.${f.name} missing:\n${text}`);
        const before = declaredMembers(start ?? '');
        for (const key of before.keys()) assert.ok(members.has(key), `${key} was removed:\n${text}`);
        if (isV5 && jwt.length > 0) assert.match(text, /import ["']next-auth\/jwt["']/);

        const second = mergeAugmentation(text, '/app/next-auth.d.ts', plan);
        assert.strictEqual(second.text, text, 'second merge changed the file');
        assert.deepStrictEqual([second.added, second.changed], [[], []]);
      }),
      { numRuns: 300 },
    );
  });
});
