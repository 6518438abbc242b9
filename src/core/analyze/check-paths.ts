import * as path from 'path';
import type { ReadonlyFileSystem } from '../file-system';
import { analyzeSource } from './analyze-source';
import { analyzeEnvFile, isEnvFileName } from './env-rules';
import { CrossFileIndex } from './cross-file';
import { readJwtAugmentation } from './jwt-augmentation';
import { ANALYSIS_INCOMPLETE } from './types';
import type { AnalyzerOptions, Finding, JwtAugmentation, RuleId } from './types';

/**
 * One finding as the CLI prints it (`--format json`): 1-based lines and columns, exactly these fields.
 * `analysis-incomplete` findings have severity `info` (a file that could not be checked, not a leak in it).
 */
export interface CheckFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: RuleId;
  severity: 'warning' | 'error' | 'info';
  message: string;
  /** Where the refresh token enters the JWT (as the editor's relatedInformation shows it): 1-based, may be another file. */
  relatedLocations: CheckRelatedLocation[];
}

export interface CheckRelatedLocation {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Extra options of `checkPaths` beyond the analyzer's. */
export interface CheckOptions extends AnalyzerOptions {
  readonly severity?: 'warning' | 'error';
  /**
   * Called once per analyzed file with its text and the analyzer's own findings (related locations and quick-fix
   * edits included), for output formats that carry more than `CheckFinding` (SARIF).
   */
  readonly onFileAnalyzed?: (file: string, text: string, findings: readonly Finding[]) => void;
  /** Cross-file facts cache to reuse between runs (keyed by file text); a fresh one per run otherwise. */
  readonly crossFileIndex?: CrossFileIndex;
}

export interface CheckReport {
  findings: CheckFinding[];
  /** Paths given that do not exist or could not be read (absolute). */
  unreadable: string[];
  filesChecked: number;
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.next', 'dist', 'build', 'out', '.git', 'coverage']);
/** Deep enough for any source tree; stops a symlink cycle. */
const MAX_DEPTH = 40;
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;

function isCheckable(file: string): boolean {
  return (SOURCE_FILE.test(file) && !/\.d\.[cm]?ts$/.test(file)) || isEnvFileName(path.basename(file));
}

/**
 * Checks files and folders (recursing, skipping node_modules, .next, dist, build, out, .git, coverage) for
 * session-callback leaks. Each file is analyzed with the JWT augmentation of its nearest app root (the closest
 * folder with a package.json), read once per root, unless `options.jwtAugmentation` is given. Paths are absolute;
 * missing or unreadable ones are listed in `unreadable`, not thrown. Findings are sorted by file and position.
 */
export function checkPaths(
  fs: ReadonlyFileSystem,
  paths: readonly string[],
  options: CheckOptions = {},
): CheckReport {
  const files = new Set<string>();
  const unreadable: string[] = [];
  // Each real path is visited once (a link to a file or folder already seen adds nothing, and a link cycle
  // ends), and only inside the real paths of the given roots (a link out of the tree is not followed).
  const real = (p: string): string => (fs.realPath ? fs.realPath(p) : p);
  const roots = paths.map((p) => real(path.resolve(p)));
  const inside = (p: string): boolean => roots.some((root) => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  const seen = new Set<string>();
  const firstVisit = (p: string): boolean => {
    const target = real(p);
    if (seen.has(target) || !inside(target)) return false;
    seen.add(target);
    return true;
  };
  const collect = (directory: string, depth: number): void => {
    for (const entry of fs.readDirectory(directory).sort()) {
      const full = path.join(directory, entry);
      if (fs.isFile(full)) {
        if (isCheckable(entry) && firstVisit(full)) files.add(full);
      } else if (!SKIPPED_DIRECTORIES.has(entry) && depth < MAX_DEPTH && fs.isDirectory(full) && firstVisit(full)) {
        collect(full, depth + 1);
      }
    }
  };
  for (const given of paths) {
    const absolute = path.resolve(given);
    if (fs.isFile(absolute)) {
      if (isCheckable(absolute) && firstVisit(absolute)) files.add(absolute);
    }
    else if (fs.isDirectory(absolute)) {
      if (firstVisit(absolute)) collect(absolute, 0);
    }
    else unreadable.push(absolute);
  }

  const augmentations = new Map<string, JwtAugmentation | undefined>();
  const augmentationFor = (file: string): JwtAugmentation | undefined => {
    if (options.jwtAugmentation) return options.jwtAugmentation;
    const root = appRootOf(fs, path.dirname(file));
    if (root === undefined) return undefined;
    if (!augmentations.has(root)) {
      let augmentation: JwtAugmentation | undefined;
      try {
        augmentation = readJwtAugmentation(fs, root);
      } catch {
        augmentation = undefined; // an unreadable declaration file: analyze without it
      }
      augmentations.set(root, augmentation);
    }
    return augmentations.get(root);
  };

  const severity = options.severity ?? 'warning';
  const findings: CheckFinding[] = [];
  let filesChecked = 0;
  const texts = new Map<string, string>();
  for (const file of [...files].sort()) {
    let text: string | undefined;
    try {
      text = fs.readFile(file);
    } catch {
      text = undefined; // unreadable or not UTF-8: reported as unreadable, like a missing path
    }
    if (text === undefined) unreadable.push(file);
    else texts.set(file, text);
  }
  // Callbacks split over modules: which functions are session callbacks, and what a jwt callback elsewhere stores.
  const sourceTexts = new Map([...texts].filter(([file]) => !isEnvFileName(path.basename(file))));
  const crossFile = (options.crossFileIndex ?? new CrossFileIndex(fs)).collect(sourceTexts, { extraSensitiveNames: options.extraSensitiveNames });
  for (const [file, text] of texts) {
    filesChecked++;
    const analyzed = isEnvFileName(path.basename(file)) ? analyzeEnvFile(file, text) : analyzeSourceFile(file, text);
    options.onFileAnalyzed?.(file, text, analyzed);
    for (const finding of analyzed) {
      findings.push({
        file,
        line: finding.range.start.line + 1,
        column: finding.range.start.character + 1,
        endLine: finding.range.end.line + 1,
        endColumn: finding.range.end.character + 1,
        rule: finding.rule,
        severity: finding.rule === ANALYSIS_INCOMPLETE ? 'info' : severity,
        message: finding.message,
        relatedLocations: finding.related.map((r) => ({
          file: r.file,
          line: r.range.start.line + 1,
          column: r.range.start.character + 1,
          message: r.message,
        })),
      });
    }
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { findings, unreadable, filesChecked };

  function analyzeSourceFile(file: string, text: string): Finding[] {
    const jwtAugmentation = augmentationFor(file);
    const facts = crossFile.get(file) ?? crossFile.get(real(file));
    return analyzeSource(file, text, { extraSensitiveNames: options.extraSensitiveNames, jwtAugmentation, ...(facts ? { crossFile: facts } : {}) });
  }
}

function appRootOf(fs: ReadonlyFileSystem, directory: string): string | undefined {
  for (let current = directory; ; current = path.dirname(current)) {
    if (fs.isFile(path.join(current, 'package.json'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * Human-readable report: `path:line:col  severity  message  rule` per finding (paths relative to `cwd`),
 * a line per unreadable path, and a summary line.
 */
export function formatCheckText(report: CheckReport, cwd: string): string {
  const relative = (file: string) => {
    const r = path.relative(cwd, file);
    return escapeControlCharacters(r === '' || r.startsWith('..') || path.isAbsolute(r) ? file : r);
  };
  const lines = report.findings.map((f) => `${relative(f.file)}:${f.line}:${f.column}  ${f.severity}  ${escapeControlCharacters(f.message)}  ${f.rule}`);
  for (const missing of report.unreadable) lines.push(`${relative(missing)}: cannot read (no such file or folder, or not readable)`);
  const files = `${report.filesChecked} file${report.filesChecked === 1 ? '' : 's'} checked`;
  const problems = report.findings.filter((f) => f.rule !== ANALYSIS_INCOMPLETE);
  const incomplete = report.findings.length - problems.length;
  const notAnalyzed = incomplete > 0 ? ` ${incomplete} file${incomplete === 1 ? '' : 's'} could not be fully analyzed (analysis-incomplete).` : '';
  if (problems.length === 0) {
    lines.push(`No problems found (${files}).${notAnalyzed}`);
  } else {
    const errors = problems.filter((f) => f.severity === 'error').length;
    const warnings = problems.length - errors;
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    lines.push(`${count} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${files}.${notAnalyzed}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * `text` with C0/C1 control characters (other than tab) written as JSON escapes (`\u001b`): a file name
 * holding a terminal escape sequence is shown, never executed by the terminal, in text output.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
