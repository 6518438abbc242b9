// Issue 9 item 4: init never leaves the app leaking a token the scaffold put there. A kept session callback
// that returns the whole token is rewritten (the analyzer's allow-list fix, shown in the plan), or the run is
// refused when no fix applies; `check` on the result finds nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { fakeIO } from './cli-support';
import { fixtureApp, treeBytes } from './safety-support';

function appWithSessionCallback(body: string, extra = ''): string {
  const app = fixtureApp('lib-auth-config');
  const auth = path.join(app, 'lib', 'auth.ts');
  fs.writeFileSync(auth, fs.readFileSync(auth, 'utf8').replace('  theme: { colorScheme: "light" },', `  theme: { colorScheme: "light" },\n  callbacks: {\n    async session({ session, token }) {\n      ${body}\n    },\n  },`) + extra);
  return app;
}

describe('safety: init creates no leak', () => {
  it('{ ...session, ...token } is rewritten to an allow-list in the plan (dry run shows it), and check passes after init', async () => {
    const app = appWithSessionCallback('return { ...session, ...token };');
    const dry = fakeIO(app);
    assert.strictEqual(await main(['init', '--dry-run'], dry.io), 0, dry.text());
    // The allow-list is long, so one field per line (issue 10).
    assert.match(dry.out.join('\n'), /^-      return \{ \.\.\.session, \.\.\.token \};\n\+      return \{ \.\.\.session, \.\.\.\(\{\n\+        accessToken: token\.accessToken,/m);
    const fake = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 0, fake.text());
    assert.match(fake.err.join('\n'), /warning: .*Rewrote your session callback at .*lib[/\\]auth\.ts:\d+ \(Expose only/);
    const check = fakeIO(app);
    assert.strictEqual(await main(['check', '.'], check.io), 0, check.text());
    assert.match(check.out.join('\n'), /No problems found/);
  });

  it('a session callback whose leak has no safe rewrite: the callbacks are refused, exit 1, nothing written', async () => {
    const app = appWithSessionCallback('return expose(session, token);', '\nfunction expose(session: any, token: any) {\n  return { ...session, ...token };\n}\n');
    const before = treeBytes(app);
    const fake = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 1, fake.text());
    assert.match(fake.err.join('\n'), /Not adding the jwt and session callbacks: your session callback hands the token to the browser/);
    assert.deepStrictEqual(treeBytes(app), before);
  });

  it('a leak that was already there is the user\'s: reported with its line, not rewritten', async () => {
    const app = appWithSessionCallback('return { ...session, refreshToken: token.refreshToken };');
    const fake = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 0, fake.text());
    assert.match(fake.err.join('\n'), /Your session callback leaks to the browser \(session-exposes-refresh-token\)/);
    assert.match(fs.readFileSync(path.join(app, 'lib', 'auth.ts'), 'utf8'), /return \{ \.\.\.session, refreshToken: token\.refreshToken \};/);
  });
});
