import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as Sarif from 'sarif';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { main } from '../../src/cli/main';
import { analyzeSource, RULE_IDS } from '../../src/core/analyze';
import { FINGERPRINT_KEY, RULE_METADATA } from '../../src/core/report';
import { fakeIO } from './cli-support';
import { LEAKING_V5_ROUTE, v4WithoutRefresh } from './analyze-corpus';

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * The official SARIF 2.1.0 schema as @microsoft/jest-sarif ships it (draft-04, hence ajv-draft-04). Its
 * `language` pattern is not valid under the `u` flag, so patterns are compiled without it.
 */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
const validate = sarifValidator();

function assertValidSarif(log: unknown): asserts log is Sarif.Log {
  const ok = validate(log);
  assert.ok(ok, `SARIF schema errors:\n${JSON.stringify(validate.errors, null, 2)}`);
}

const ROUTE = 'app/api/auth/[...nextauth]/route.ts';
const wholeToken = v4WithoutRefresh('    session: ({ session, token }) => ({ ...session, ...token }),');

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-sarif-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function sarifOf(dir: string, extra: string[] = []): Promise<{ code: number; log: Sarif.Log; err: string }> {
  const fake = fakeIO(dir);
  const code = await main(['check', '--format', 'sarif', ...extra], fake.io);
  const log: unknown = JSON.parse(fake.out.join('\n'));
  assertValidSarif(log);
  return { code, log, err: fake.err.join('\n') };
}

/** Applies a SARIF fix's replacements (line/column regions, UTF-16 columns) to `text`. */
function applyFix(text: string, fix: Sarif.Fix): string {
  const lineStarts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) lineStarts.push(match.index + match[0].length);
  const offset = (line: number, column: number) => lineStarts[line - 1] + column - 1;
  const replacements = fix.artifactChanges.flatMap((change) => change.replacements ?? []);
  const edits = replacements.map((r) => ({
    start: offset(r.deletedRegion.startLine!, r.deletedRegion.startColumn!),
    end: offset(r.deletedRegion.endLine!, r.deletedRegion.endColumn!),
    text: r.insertedContent?.text ?? '',
  }));
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

describe('check --format sarif', () => {
  it('(the validator rejects what the schema forbids)', () => {
    assert.strictEqual(validate({ version: '2.1.0', runs: [] }), true);
    assert.strictEqual(validate({ version: '2.0.0', runs: [] }), false);
    assert.strictEqual(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', helpUri: 'not a uri' } } }] }), false);
    assert.strictEqual(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'severe' }] }] }), false);
  });

  it('a valid 2.1.0 log: rule metadata, location, related location, fixes that remove the leak; exit 1', async () => {
    const dir = project({ [ROUTE]: LEAKING_V5_ROUTE, 'lib/other.ts': wholeToken, 'package.json': '{}' });
    const { code, log } = await sarifOf(dir);
    assert.strictEqual(code, 1);
    const run = log.runs[0];
    assert.strictEqual(log.version, '2.1.0');
    assert.strictEqual(run.columnKind, 'utf16CodeUnits');
    assert.deepStrictEqual(run.invocations?.[0].executionSuccessful, true);

    const rules = run.tool.driver.rules ?? [];
    assert.deepStrictEqual(rules.map((r) => r.id), [...RULE_IDS]);
    for (const rule of rules) {
      const meta = RULE_METADATA[rule.id as (typeof RULE_IDS)[number]];
      assert.strictEqual(rule.shortDescription?.text, `${meta.shortDescription}.`);
      assert.strictEqual(rule.fullDescription?.text, meta.fullDescription);
      assert.strictEqual(rule.helpUri, `https://github.com/nextauth-scaffold/nextauth-scaffold#${rule.id}`);
      if (meta.securitySeverity !== undefined) assert.match(String(rule.properties?.['security-severity']), /^\d+\.\d$/);
      else assert.strictEqual(rule.properties?.['security-severity'], undefined);
    }

    assert.strictEqual(run.results?.length, 2);
    const [route, other] = run.results!; // sorted by file: app/… before lib/…
    assert.strictEqual(route.ruleId, 'session-exposes-refresh-token');
    assert.strictEqual(route.ruleIndex, RULE_IDS.indexOf('session-exposes-refresh-token'));
    assert.strictEqual(route.level, 'warning');
    const location = route.locations![0].physicalLocation!;
    assert.deepStrictEqual(location.artifactLocation, { uri: 'app/api/auth/%5B...nextauth%5D/route.ts', uriBaseId: 'SRCROOT' });
    assert.deepStrictEqual(location.region, { startLine: 10, startColumn: 22, endLine: 10, endColumn: 27, snippet: { text: 'token' } });
    assert.strictEqual(run.originalUriBaseIds?.SRCROOT.uri, `file://${dir}/`);
    // Where the refresh token enters the JWT: line 6's assignment.
    const related = route.relatedLocations ?? [];
    assert.ok(related.length >= 1);
    assert.strictEqual(related[0].physicalLocation?.region?.startLine, 6);
    assert.ok(related[0].message?.text);

    assert.strictEqual(other.ruleId, 'session-exposes-token');
    assert.strictEqual(other.locations![0].physicalLocation!.artifactLocation!.uri, 'lib/other.ts');

    for (const [result, file, text] of [[route, ROUTE, LEAKING_V5_ROUTE], [other, 'lib/other.ts', wholeToken]] as const) {
      const fixes = result.fixes ?? [];
      assert.ok(fixes.length >= 1, 'a structural fix');
      assert.ok(fixes.every((fix) => !/ignore/i.test(fix.description?.text ?? '')), 'the ignore comment is a suppression, not a fix');
      for (const fix of fixes) {
        const fixed = applyFix(text, fix);
        assert.notStrictEqual(fixed, text);
        assert.deepStrictEqual(analyzeSource(path.join(dir, file), fixed).filter((f) => f.rule === result.ruleId && f.range.start.line + 1 === result.locations![0].physicalLocation!.region!.startLine), [], `${fix.description?.text} removes the finding`);
      }
    }
  });

  it('partialFingerprints stay when code above moves and differ between findings', async () => {
    const dir = project({ [ROUTE]: LEAKING_V5_ROUTE, 'lib/other.ts': wholeToken });
    const before = (await sarifOf(dir)).log.runs[0].results!;
    fs.writeFileSync(path.join(dir, ROUTE), `// a comment\n\n${LEAKING_V5_ROUTE.replace('providers: [],', 'providers: [\n  ],')}`);
    const after = (await sarifOf(dir)).log.runs[0].results!;
    const print = (r: Sarif.Result) => r.partialFingerprints?.[FINGERPRINT_KEY];
    assert.notStrictEqual(before[0].locations![0].physicalLocation!.region!.startLine, after[0].locations![0].physicalLocation!.region!.startLine);
    assert.deepStrictEqual(after.map(print), before.map(print));
    assert.strictEqual(new Set(before.map(print)).size, 2);
    assert.ok(before.every((r) => /^[0-9a-f]{32}$/.test(print(r) ?? '')));
  });

  it('no findings: a valid log with no results, exit 0; --severity error sets the level', async () => {
    const clean = await sarifOf(project({ 'auth.ts': LEAKING_V5_ROUTE.replace('session.user = token as any;', 'session.user.name = token.name ?? null;') }));
    assert.strictEqual(clean.code, 0);
    assert.deepStrictEqual(clean.log.runs[0].results, []);
    const strict = await sarifOf(project({ 'auth.ts': LEAKING_V5_ROUTE }), ['--severity', 'error']);
    assert.strictEqual(strict.log.runs[0].results![0].level, 'error');
    assert.strictEqual(strict.log.runs[0].tool.driver.rules!.find((r) => r.id === 'session-exposes-refresh-token')?.defaultConfiguration?.level, 'error');
  });

  it('an unreadable path: an error notification, the run not successful, exit 2', async () => {
    const dir = project({ 'auth.ts': LEAKING_V5_ROUTE });
    const { code, log, err } = await sarifOf(dir, ['auth.ts', 'nope.ts']);
    assert.strictEqual(code, 2);
    assert.match(err, /cannot read .*nope\.ts/);
    const invocation = log.runs[0].invocations![0];
    assert.strictEqual(invocation.executionSuccessful, false);
    assert.match(invocation.toolExecutionNotifications![0].message.text!, /nope\.ts/);
    assert.strictEqual(log.runs[0].results!.length, 1);
  });

  it('a file the analyzer could not finish: an analysis-incomplete note, no security severity, exit 2', async () => {
    const dir = project({ 'auth.ts': LEAKING_V5_ROUTE.replace('return session;', 'return session;;; )') });
    const { code, log } = await sarifOf(dir);
    assert.strictEqual(code, 2);
    const results = log.runs[0].results!;
    assert.deepStrictEqual(results.filter((r) => r.ruleId === 'analysis-incomplete').map((r) => r.level), ['note']);
    const rule = log.runs[0].tool.driver.rules!.find((r) => r.id === 'analysis-incomplete')!;
    assert.strictEqual(rule.properties?.['security-severity'], undefined);
    assert.strictEqual(rule.defaultConfiguration?.level, 'note');
    assert.deepStrictEqual(rule.properties?.tags, ['reliability']);
  });

  it('a file outside the current folder gets an absolute file URI', async () => {
    const dir = project({ 'web/auth.ts': LEAKING_V5_ROUTE, 'tools/.keep': '' });
    const fake = fakeIO(path.join(dir, 'tools'));
    assert.strictEqual(await main(['check', '--format', 'sarif', '../web'], fake.io), 1);
    const log: unknown = JSON.parse(fake.out.join('\n'));
    assertValidSarif(log);
    assert.deepStrictEqual(log.runs[0].results![0].locations![0].physicalLocation!.artifactLocation, { uri: `file://${dir}/web/auth.ts` });
  });

  it('each rule helpUri points at a README heading with that slug', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const slugs = new Set(
      [...readme.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')),
    );
    for (const rule of RULE_IDS) assert.ok(slugs.has(RULE_METADATA[rule].readmeAnchor), `README has a heading for #${RULE_METADATA[rule].readmeAnchor}`);
  });
});
