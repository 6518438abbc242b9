import * as path from 'path';
import { version } from '../../package.json';
import { ANALYSIS_INCOMPLETE, buildSarifLog, checkPaths, formatCheckText } from '../core';
import type { AnalyzedFile } from '../core';
import type { CheckArgs } from './args';
import { displayPath } from './format';
import type { CliIO } from './io';

/**
 * `nextauth-scaffold check`: exit 0 without findings, 1 with findings, 2 when a path is missing or
 * unreadable (named on stderr) or a file could not be fully analyzed (an `analysis-incomplete` finding: it does
 * not parse, or nests past the depth budget). `--format json` prints exactly one JSON array on stdout,
 * `--format sarif` one SARIF 2.1.0 log (URIs relative to the current folder).
 */
export function runCheck(args: CheckArgs, io: CliIO): number {
  const paths = (args.paths.length > 0 ? args.paths : ['.']).map((p) => path.resolve(io.cwd, p));
  const missing = paths.filter((p) => !io.fs.isFile(p) && !io.fs.isDirectory(p));
  const analyzed: AnalyzedFile[] = [];
  const options = {
    severity: args.severity,
    ...(args.sensitiveFields.length > 0 ? { extraSensitiveNames: args.sensitiveFields } : {}),
    // SARIF carries related locations and fixes, which only the analyzer's own findings hold.
    onFileAnalyzed: (file: string, text: string, findings: AnalyzedFile['findings']) => {
      if (args.format === 'sarif' && findings.length > 0) analyzed.push({ file, text, findings });
    },
  };
  const report = checkPaths(io.fs, paths.filter((p) => !missing.includes(p)), options);
  if (args.format === 'json') io.out(JSON.stringify(report.findings, null, 2));
  else if (args.format === 'sarif') {
    const log = buildSarifLog({ toolVersion: version, baseDirectory: io.cwd, files: analyzed, severity: args.severity, unreadable: [...missing, ...report.unreadable] });
    io.out(JSON.stringify(log, null, 2));
  }
  else if (report.findings.length > 0 || report.filesChecked > 0) io.out(formatCheckText(report, io.cwd));
  const unreadable = [...missing, ...report.unreadable];
  for (const file of unreadable) io.err(`error: cannot read ${displayPath(io.cwd, file)}${missing.includes(file) ? ': no such file or folder' : ''}`);
  if (unreadable.length > 0 || report.findings.some((f) => f.rule === ANALYSIS_INCOMPLETE)) return 2;
  return report.findings.length > 0 ? 1 : 0;
}
