import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as Sarif from 'sarif';
import { LineMap, RULE_IDS } from '../analyze';
import type { Finding, RuleId, SourceRange, TextEdit } from '../analyze';
import { README_URL, RULE_METADATA, ruleHelpUri } from './rule-metadata';

/** One analyzed file: its text as analyzed and the analyzer's findings in it. */
export interface AnalyzedFile {
  readonly file: string;
  readonly text: string;
  readonly findings: readonly Finding[];
}

export interface SarifInput {
  readonly toolVersion: string;
  /** Absolute folder the result URIs are relative to (`%SRCROOT%`): the repository root in CI. */
  readonly baseDirectory: string;
  readonly files: readonly AnalyzedFile[];
  readonly severity: 'warning' | 'error';
  /** Paths that could not be read: reported as error notifications, and the run as not successful. */
  readonly unreadable?: readonly string[];
}

/** Key of our own entry in `partialFingerprints`; bump the version when the hashed parts change. */
export const FINGERPRINT_KEY = 'nextauthScaffold/v1';
const SRCROOT = 'SRCROOT';

/**
 * A SARIF 2.1.0 log with one run: every rule described (`tool.driver.rules`, help linking the README section,
 * `security-severity` for GitHub code scanning), one result per finding with its location, related locations
 * and the quick fixes that change code (the ignore-comment fix is a suppression, not a fix, and is left out).
 * Columns count UTF-16 code units (`columnKind`), as the analyzer and editors do; URIs are relative to
 * `baseDirectory` when inside it. `partialFingerprints` hash the rule, the file's relative path, the flagged text
 * (whitespace collapsed) and its occurrence number, not its line, so an alert keeps its identity when code
 * above it moves.
 */
export function buildSarifLog(input: SarifInput): Sarif.Log {
  const baseUri = directoryUri(input.baseDirectory);
  const location = (file: string, range: SourceRange, text?: string): Sarif.PhysicalLocation => ({
    artifactLocation: artifactLocation(file, baseUri),
    region: {
      ...region(range),
      ...(text !== undefined ? { snippet: { text } } : {}),
    },
  });
  const results: Sarif.Result[] = [];
  for (const analyzed of [...input.files].sort((a, b) => a.file.localeCompare(b.file))) {
    const lines = new LineMap(analyzed.text);
    const occurrences = new Map<string, number>();
    const findings = [...analyzed.findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const finding of findings) {
      const flagged = textOf(lines, analyzed.text, finding.range);
      const fingerprintParts = [finding.rule, relativeUri(analyzed.file, baseUri) ?? analyzed.file, flagged.replace(/\s+/g, ' ').trim()].join('\0');
      const occurrence = (occurrences.get(fingerprintParts) ?? 0) + 1;
      occurrences.set(fingerprintParts, occurrence);
      const fixes = finding.fixes
        .filter((fix) => fix.kind !== 'ignore')
        .map((fix): Sarif.Fix => ({
          description: { text: fix.title },
          artifactChanges: [{ artifactLocation: artifactLocation(analyzed.file, baseUri), replacements: fix.edits.map((edit) => replacement(lines, edit)) }],
        }));
      results.push({
        ruleId: finding.rule,
        ruleIndex: RULE_IDS.indexOf(finding.rule),
        level: RULE_METADATA[finding.rule].fixedLevel ?? input.severity,
        message: { text: finding.message },
        locations: [{ physicalLocation: location(analyzed.file, finding.range, flagged) }],
        ...(finding.related.length > 0
          ? { relatedLocations: finding.related.map((related, index) => ({ id: index + 1, physicalLocation: location(related.file, related.range), message: { text: related.message } })) }
          : {}),
        ...(fixes.length > 0 ? { fixes } : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(`${fingerprintParts}\0${occurrence}`) },
      });
    }
  }
  const unreadable = input.unreadable ?? [];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nextauth-scaffold',
            semanticVersion: input.toolVersion,
            informationUri: README_URL,
            rules: RULE_IDS.map((rule) => ruleDescriptor(rule, input.severity)),
          },
        },
        invocations: [
          {
            executionSuccessful: unreadable.length === 0,
            ...(unreadable.length > 0
              ? {
                  toolExecutionNotifications: unreadable.map((file) => ({
                    level: 'error' as const,
                    message: { text: `Cannot read ${file} (no such file or folder, or not readable).` },
                    locations: [{ physicalLocation: { artifactLocation: artifactLocation(file, baseUri) } }],
                  })),
                }
              : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: baseUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function ruleDescriptor(rule: RuleId, severity: 'warning' | 'error'): Sarif.ReportingDescriptor {
  const meta = RULE_METADATA[rule];
  return {
    id: rule,
    name: rule.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: `${meta.shortDescription}.` },
    fullDescription: { text: meta.fullDescription },
    helpUri: ruleHelpUri(rule),
    help: { text: `${meta.fullDescription} See ${ruleHelpUri(rule)}`, markdown: `${meta.fullDescription}\n\n[Rule documentation](${ruleHelpUri(rule)})` },
    defaultConfiguration: { level: meta.fixedLevel ?? severity },
    properties: {
      ...(meta.securitySeverity !== undefined ? { 'security-severity': meta.securitySeverity } : {}),
      precision: meta.precision,
      'problem.severity': meta.fixedLevel === 'note' ? 'recommendation' : severity === 'error' ? 'error' : 'warning',
      tags: meta.cwe.length > 0 ? ['security', ...meta.cwe.map((cwe) => `external/cwe/cwe-${cwe}`)] : ['reliability'],
    },
  };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(path.resolve(directory)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** The file's URI relative to `baseUri` (percent-encoded like a file URL), or undefined outside it. */
function relativeUri(file: string, baseUri: string): string | undefined {
  const href = pathToFileURL(path.resolve(file)).href;
  return href.startsWith(baseUri) ? href.slice(baseUri.length) : undefined;
}

function artifactLocation(file: string, baseUri: string): Sarif.ArtifactLocation {
  const relative = relativeUri(file, baseUri);
  return relative !== undefined ? { uri: relative, uriBaseId: SRCROOT } : { uri: pathToFileURL(path.resolve(file)).href };
}

/** SARIF regions are 1-based with an exclusive end column, like `check --format json`. */
function region(range: SourceRange): Sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function textOf(lines: LineMap, text: string, range: SourceRange): string {
  return text.slice(lines.lineStart(range.start.line) + range.start.character, lines.lineStart(range.end.line) + range.end.character);
}

function replacement(lines: LineMap, edit: TextEdit): Sarif.Replacement {
  return {
    deletedRegion: region({ start: lines.position(edit.start), end: lines.position(edit.end) }),
    insertedContent: { text: edit.newText },
  };
}

function fingerprint(parts: string): string {
  return createHash('sha256').update(parts).digest('hex').slice(0, 32);
}
