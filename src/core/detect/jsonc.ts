import * as path from 'path';
import { ts } from 'ts-morph';
import { ScaffoldError } from '../errors';

/**
 * Parses JSON with comments and trailing commas (tsconfig.json, jsconfig.json, package.json) the way
 * TypeScript reads tsconfig. Throws a ScaffoldError naming the file and 1-based line when the text does
 * not parse, so the user sees where to look and nothing is written.
 */
export function parseJsonc(text: string, file: string): unknown {
  const { config, error } = ts.parseConfigFileTextToJson(file, text);
  if (error) {
    const message = ts.flattenDiagnosticMessageText(error.messageText, ' ');
    throw new ScaffoldError(`${path.basename(file)} does not parse: ${message}`, file, lineOf(text, error.start ?? 0));
  }
  if (config === undefined || config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ScaffoldError(`${path.basename(file)} does not hold a JSON object.`, file, 1);
  }
  return config;
}

/** 1-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** A plain object view of an unknown JSON value, for safe property reads. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
