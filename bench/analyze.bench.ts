// Analyzer cost against the floor: the time TypeScript needs just to parse the same file. The editor runs the
// analyzer on every (debounced) edit of an auth file, so it should cost little more than parsing (target <= 1.3x).
import { ts } from 'ts-morph';
import { analyzeSource } from '../src/core/analyze';

/** A large but realistic auth options file: providers, many backend helpers, jwt + session callbacks with flows. */
export function generateAuthFile(helpers = 110): string {
  const out: string[] = [
    'import NextAuth, { type NextAuthOptions } from "next-auth";',
    'import type { JWT } from "next-auth/jwt";',
    'import CredentialsProvider from "next-auth/providers/credentials";',
    'import GitHubProvider from "next-auth/providers/github";',
    '',
    'const REFRESH_MARGIN_MS = 60_000;',
    '',
  ];
  for (let i = 0; i < helpers; i++) {
    out.push(
      `interface Profile${i} {`,
      '  id: string;',
      '  name: string | null;',
      '  roles: string[];',
      '}',
      '',
      `/** Loads profile section ${i} from the backend with the user's access token. */`,
      `async function fetchProfile${i}(token: JWT): Promise<Profile${i} | null> {`,
      `  const response = await fetch(\`\${process.env.API_BASE_URL}/profile/${i}\`, {`,
      '    headers: { Authorization: `Bearer ${String(token.accessToken)}` },',
      '  });',
      '  if (!response.ok) {',
      `    console.error("[auth] profile ${i} failed", response.status);`,
      '    return null;',
      '  }',
      '  const body = (await response.json()) as Record<string, unknown>;',
      '  const roles = Array.isArray(body.roles) ? body.roles.filter((r): r is string => typeof r === "string") : [];',
      '  return { id: String(body.id ?? ""), name: typeof body.name === "string" ? body.name : null, roles };',
      '}',
      '',
    );
  }
  out.push(
    'async function refreshAccessToken(token: JWT): Promise<JWT> {',
    '  try {',
    '    const response = await fetch(`${process.env.API_BASE_URL}/refresh`, {',
    '      method: "POST",',
    '      headers: { "Content-Type": "application/json" },',
    '      body: JSON.stringify({ refreshToken: token.refreshToken }),',
    '    });',
    '    if (!response.ok) throw new Error(`refresh failed: ${response.status}`);',
    '    const body = (await response.json()) as { accessToken: string; refreshToken?: string; expiresIn: number };',
    '    return {',
    '      ...token,',
    '      accessToken: body.accessToken,',
    '      refreshToken: body.refreshToken ?? token.refreshToken,',
    '      accessTokenExpires: Date.now() + body.expiresIn * 1000,',
    '    };',
    '  } catch {',
    '    return { ...token, error: "RefreshAccessTokenError" };',
    '  }',
    '}',
    '',
    'export const authOptions: NextAuthOptions = {',
    '  session: { strategy: "jwt" },',
    '  providers: [',
  );
  for (let p = 0; p < 8; p++) {
    out.push(
      '    CredentialsProvider({',
      `      id: "backend-${p}",`,
      `      name: "Backend ${p}",`,
      '      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },',
      '      async authorize(credentials) {',
      `        const response = await fetch(\`\${process.env.API_BASE_URL}/login/${p}\`, {`,
      '          method: "POST",',
      '          headers: { "Content-Type": "application/json" },',
      '          body: JSON.stringify({ email: credentials?.email, password: credentials?.password }),',
      '        });',
      '        if (!response.ok) return null;',
      '        const data = (await response.json()) as { id: string; email: string; access: string; refresh: string };',
      '        return { id: data.id, email: data.email, accessToken: data.access, refreshToken: data.refresh };',
      '      },',
      '    }),',
    );
  }
  out.push(
    '    GitHubProvider({ clientId: process.env.GITHUB_ID ?? "", clientSecret: process.env.GITHUB_SECRET ?? "" }),',
    '  ],',
    '  callbacks: {',
    '    async jwt({ token, user }) {',
    '      if (user) {',
    '        const u = user as { id: string; accessToken?: string; refreshToken?: string };',
    '        return { ...token, id: u.id, accessToken: u.accessToken, refreshToken: u.refreshToken, accessTokenExpires: Date.now() + 3_600_000 };',
    '      }',
    '      if (Date.now() < (token.accessTokenExpires as number) - REFRESH_MARGIN_MS) return token;',
    '      return refreshAccessToken(token);',
    '    },',
    '    async session({ session, token }) {',
    '      const { refreshToken, ...publicToken } = token;',
    '      const profile = await fetchProfile0(token);',
    '      const roles = profile?.roles ?? [];',
    '      session.user = { ...session.user, name: profile?.name ?? session.user?.name };',
    '      (session as any).roles = roles;',
    '      (session as any).claims = publicToken;',
    '      (session as any).hasRefresh = Boolean(refreshToken);',
    '      (session as any).debugToken = token.refreshToken;',
    '      return { ...session, accessToken: token.accessToken, error: token.error };',
    '    },',
    '  },',
    '  pages: { signIn: "/login" },',
    '};',
    '',
    'export default NextAuth(authOptions);',
    '',
  );
  return out.join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function run(): Promise<void> {
  const text = generateAuthFile();
  const file = '/bench/lib/auth.ts';
  const lines = text.split('\n').length;
  const parse = () => void ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const analyze = () => {
    if (analyzeSource(file, text).length !== 1) throw new Error('the bench file should have exactly one finding');
  };
  for (let i = 0; i < 40; i++) {
    parse();
    analyze();
  }
  const parseTimes: number[] = [];
  const analyzeTimes: number[] = [];
  // Interleaved, so a noisy neighbour slows both sides alike.
  for (let i = 0; i < 150; i++) {
    parseTimes.push(time(parse));
    analyzeTimes.push(time(analyze));
  }
  const parseMedian = median(parseTimes);
  const analyzeMedian = median(analyzeTimes);
  console.log(`auth file: ${lines} lines, ${(text.length / 1024).toFixed(0)} KiB`);
  console.log(`ts.createSourceFile (baseline): median ${parseMedian.toFixed(2)} ms`);
  console.log(`analyzeSource (parse + analysis + fixes): median ${analyzeMedian.toFixed(2)} ms`);
  console.log(`ratio analyze/parse: ${(analyzeMedian / parseMedian).toFixed(2)}x (target <= 1.30x)`);
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
