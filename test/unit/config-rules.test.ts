// credentials-needs-jwt-strategy: the quick fix's edits, applied, make the finding go away and keep the file parsing.
import * as assert from 'assert';
import { analyzeSource, type Finding, type TextEdit } from '../../src/core/analyze';

const RULE = 'credentials-needs-jwt-strategy';

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

function only(file: string, text: string): Finding {
  const findings = analyzeSource(file, text).filter((f) => f.rule === RULE);
  assert.strictEqual(findings.length, 1, JSON.stringify(findings));
  return findings[0];
}

function fixed(file: string, text: string): string {
  const fix = only(file, text).fixes.find((f) => f.kind === 'configure');
  assert.ok(fix, 'a configure fix');
  assert.strictEqual(fix.preferred, true);
  const out = apply(text, fix.edits);
  assert.deepStrictEqual(analyzeSource(file, out), [], out);
  return out;
}

const HEAD = "import CredentialsProvider from 'next-auth/providers/credentials';\nimport { PrismaAdapter } from '@next-auth/prisma-adapter';\n";

describe('credentials-needs-jwt-strategy', () => {
  it('adds a session member after the last option (trailing comma kept)', () => {
    const text = `${HEAD}export const authOptions = {\n  providers: [CredentialsProvider({ authorize: async () => null })],\n  adapter: PrismaAdapter(prisma),\n};\n`;
    assert.strictEqual(
      fixed('/app/auth.ts', text),
      `${HEAD}export const authOptions = {\n  providers: [CredentialsProvider({ authorize: async () => null })],\n  adapter: PrismaAdapter(prisma),\n  session: { strategy: "jwt" },\n};\n`,
    );
  });

  it('adds a session member when the last option has no trailing comma, and on one line', () => {
    const multi = `${HEAD}export default NextAuth({\n  adapter: PrismaAdapter(prisma),\n  providers: [CredentialsProvider({})]\n});\n`;
    assert.ok(fixed('/app/route.ts', multi).includes('providers: [CredentialsProvider({})],\n  session: { strategy: "jwt" }\n});'));
    const single = `${HEAD}export default NextAuth({ adapter: PrismaAdapter(prisma), providers: [CredentialsProvider({})] });\n`;
    assert.ok(fixed('/app/route.ts', single).includes('providers: [CredentialsProvider({})], session: { strategy: "jwt" } });'));
  });

  it('adds strategy into an existing session object (multi-line, single-line, empty)', () => {
    const multi = `${HEAD}export const authOptions = {\n  adapter: PrismaAdapter(prisma),\n  session: {\n    maxAge: 3600,\n  },\n  providers: [CredentialsProvider({})],\n};\n`;
    assert.ok(fixed('/app/auth.ts', multi).includes('session: {\n    strategy: "jwt",\n    maxAge: 3600,\n  },'));
    const single = `${HEAD}export const authOptions = { adapter: PrismaAdapter(prisma), session: { maxAge: 3600 }, providers: [CredentialsProvider({})] };\n`;
    assert.ok(fixed('/app/auth.ts', single).includes('session: { strategy: "jwt", maxAge: 3600 }'));
    const empty = `${HEAD}export const authOptions = { adapter: PrismaAdapter(prisma), session: {}, providers: [CredentialsProvider({})] };\n`;
    assert.ok(fixed('/app/auth.ts', empty).includes('session: { strategy: "jwt" }'));
  });

  it('a second run of the fix finds nothing to do', () => {
    const text = `${HEAD}export const authOptions = {\n  adapter: PrismaAdapter(prisma),\n  providers: [CredentialsProvider({})],\n};\n`;
    const once = fixed('/app/auth.ts', text);
    assert.deepStrictEqual(analyzeSource('/app/auth.ts', once), []);
  });

  it('offers no configure fix for an explicit database strategy, only the ignore comment', () => {
    const text = `${HEAD}export const authOptions = {\n  adapter: PrismaAdapter(prisma),\n  session: { strategy: 'database' },\n  providers: [CredentialsProvider({})],\n};\n`;
    const finding = only('/app/auth.ts', text);
    assert.deepStrictEqual(finding.fixes.map((f) => f.kind), ['ignore']);
    assert.match(finding.message, /strategy: "database"/);
    const ignored = apply(text, finding.fixes[0].edits);
    assert.deepStrictEqual(analyzeSource('/app/auth.ts', ignored), []);
  });

  it('points at the adapter as related information, and follows a provider variable of the same file', () => {
    const text = `${HEAD}const credentials = CredentialsProvider({ authorize: async () => null });\nexport const authOptions = {\n  adapter: PrismaAdapter(prisma),\n  providers: [credentials],\n};\n`;
    const finding = only('/app/auth.ts', text);
    assert.strictEqual(finding.range.start.line, 5);
    assert.strictEqual(finding.related[0]?.range.start.line, 4);
  });

  it('stays silent when the strategy is not a literal or the session option cannot be followed', () => {
    const variable = `${HEAD}const strategy = process.env.S as 'jwt';\nexport const authOptions = { adapter: PrismaAdapter(prisma), session: { strategy }, providers: [CredentialsProvider({})] };\n`;
    assert.deepStrictEqual(analyzeSource('/app/auth.ts', variable), []);
    const imported = `${HEAD}import { sessionOptions } from 'shared';\nexport const authOptions = { adapter: PrismaAdapter(prisma), session: sessionOptions, providers: [CredentialsProvider({})] };\n`;
    assert.deepStrictEqual(analyzeSource('/app/auth.ts', imported), []);
  });
});

describe('session-exposes-password / session-exposes-id-token', () => {
  const session = (body: string) =>
    `import NextAuth from 'next-auth';\nexport const { auth } = NextAuth({ providers: [], callbacks: {\n  session({ session, token }) {\n${body}\n  },\n} });\n`;

  it('the preferred fix removes the copied field, leaving the rest of the session', () => {
    const text = session('    return { ...session, accessToken: token.accessToken, id_token: token.id_token };');
    const [finding] = analyzeSource('/app/auth.ts', text);
    assert.strictEqual(finding?.rule, 'session-exposes-id-token');
    const fix = finding.fixes.find((f) => f.preferred);
    assert.ok(fix && fix.kind === 'remove', JSON.stringify(finding.fixes));
    const out = apply(text, fix.edits);
    assert.ok(out.includes('return { ...session, accessToken: token.accessToken };'), out);
    assert.deepStrictEqual(analyzeSource('/app/auth.ts', out), []);
  });

  it('finds password names through a destructured token, and ignores flags, dates and the ignore comment', () => {
    const leak = session('    const { hashed_password } = token;\n    session.user.hashed_password = hashed_password;\n    return session;');
    assert.deepStrictEqual(analyzeSource('/app/auth.ts', leak).map((f) => f.rule), ['session-exposes-password']);
    const flags = session('    session.user.hasPassword = token.hasPassword;\n    session.user.passwordExpiresAt = token.passwordExpiresAt;\n    return session;');
    assert.deepStrictEqual(analyzeSource('/app/auth.ts', flags), []);
    const ignored = session('    // nextauth-scaffold-ignore-next-line session-exposes-password\n    session.user.password = token.password;\n    return session;');
    assert.deepStrictEqual(analyzeSource('/app/auth.ts', ignored), []);
  });
});
