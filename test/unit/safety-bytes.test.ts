// Issue 9 item 8: bytes are preserved. A UTF-8 byte order mark stays, CRLF stays, and a file that is not
// valid UTF-8 is refused by name with nothing written (never rewritten with U+FFFD in it).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { fakeIO } from './cli-support';
import { fixtureApp, treeBytes } from './safety-support';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('safety: the user\'s bytes are kept', () => {
  it('a BOM at the start of updated files is kept (layout, tsconfig, .env.local), and a second run changes nothing', async () => {
    const app = fixtureApp('lib-auth-config');
    for (const file of ['app/layout.tsx', 'lib/auth.ts', '.gitignore']) fs.writeFileSync(path.join(app, file), Buffer.concat([BOM, fs.readFileSync(path.join(app, file))]));
    fs.writeFileSync(path.join(app, '.env.local'), Buffer.concat([BOM, Buffer.from('DATABASE_URL=x\r\n')]));
    const fake = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 0, fake.text());
    for (const file of ['app/layout.tsx', 'lib/auth.ts', '.env.local']) {
      const bytes = fs.readFileSync(path.join(app, file));
      assert.ok(bytes.subarray(0, 3).equals(BOM), `${file} lost its BOM`);
      assert.ok(!bytes.subarray(3).includes(BOM), `${file} has a second BOM`);
    }
    assert.match(fs.readFileSync(path.join(app, '.env.local'), 'utf8'), /^\uFEFFDATABASE_URL=x\r\n(.*\r\n)+$/, '.env.local keeps CRLF on every line');
    const after = treeBytes(app);
    const again = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], again.io), 0);
    assert.match(again.text(), /Nothing to change/);
    assert.deepStrictEqual(treeBytes(app), after);
  });

  it('CRLF files stay CRLF', async () => {
    const app = fixtureApp('lib-auth-config');
    const auth = path.join(app, 'lib', 'auth.ts');
    fs.writeFileSync(auth, fs.readFileSync(auth, 'utf8').replace(/\r?\n/g, '\r\n'));
    const fake = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 0, fake.text());
    const text = fs.readFileSync(auth, 'utf8');
    assert.ok(text.length > 1000 && !/[^\r]\n/.test(text), 'a bare LF was written into a CRLF file');
  });

  it('a non-UTF-8 file the plan does not change (a Latin-1 legacy script) is searched, never written, and blocks nothing', async () => {
    const app = fixtureApp();
    const legacy = Buffer.concat([Buffer.from('var s = "caf'), Buffer.from([0xe9]), Buffer.from('";\n')]);
    fs.mkdirSync(path.join(app, 'src', 'legacy'));
    fs.writeFileSync(path.join(app, 'src', 'legacy', 'old.js'), legacy);
    const fake = fakeIO(app);
    assert.strictEqual(await main(['init', '--yes'], fake.io), 0, fake.text());
    assert.ok(fs.readFileSync(path.join(app, 'src', 'legacy', 'old.js')).equals(legacy));
  });

  for (const [label, file, bytes] of [
    ['Latin-1 é (E9) in lib/auth.ts', 'lib/auth.ts', null],
    ['a UTF-16 .env.local (FF FE)', '.env.local', Buffer.from('\ufffeAPI=1\n', 'utf16le')],
  ] as const) {
    it(`${label}: refused, named, nothing written (dry run too)`, async () => {
      const app = fixtureApp('lib-auth-config');
      const target = path.join(app, file);
      const content = bytes ?? Buffer.concat([Buffer.from('// Caf'), Buffer.from([0xe9]), Buffer.from('\n'), fs.readFileSync(target)]);
      fs.writeFileSync(target, content);
      const before = treeBytes(app);
      for (const mode of ['--yes', '--dry-run']) {
        const fake = fakeIO(app);
        assert.strictEqual(await main(['init', mode], fake.io), 1, fake.text());
        assert.match(fake.err.join('\n'), new RegExp(`${file.replace(/[.]/g, '\\.').replace('/', '[/\\\\]')} is not valid UTF-8 text`));
        assert.deepStrictEqual(treeBytes(app), before);
      }
      assert.ok(fs.readFileSync(target).equals(content));
    });
  }
});
