// The ESLint face of the engine: one rule per analyzer rule id, same messages, suggestions carrying the quick
// fixes. Built into dist/eslint.js (package export `nextauth-scaffold/eslint`).
import * as path from 'path';
import type { ESLint, Linter, Rule } from 'eslint';
import type { Finding, RuleId } from '../core';
// Plain data, bundled into the plugin itself: describing the rules loads no engine.
import { RULE_IDS } from '../core/analyze/types';
import { RULE_METADATA, ruleHelpUri } from '../core/report/rule-metadata';
import { version } from '../../package.json';

type Engine = typeof import('../core');

let engine: Engine | undefined;
/**
 * The engine (src/core + TypeScript), loaded on the first file worth analyzing and then kept by Node's module
 * cache: linting files that never mention a session costs no TypeScript at all. esbuild.mjs turns this
 * require into require('./engine.js'), the bundle the CLI and the extension share.
 */
function loadEngine(): Engine {
  engine ??= require('../core') as Engine;
  return engine;
}

interface RuleOptions {
  readonly sensitiveFields?: readonly string[];
}

/** The last file analyzed: every rule of the plugin runs on the same file in turn and shares one analysis. */
let last: { file: string; text: string; key: string; findings: readonly Finding[] } | undefined;

/**
 * Findings for the file being linted, from ESLint's own text (unsaved editor buffers included), analyzed
 * exactly as `nextauth-scaffold check` analyzes a file on disk (same JWT augmentation lookup), once per file
 * and options.
 */
function findingsFor(context: Rule.RuleContext): readonly Finding[] {
  const text = context.sourceCode.text;
  // Necessary for any session callback; the engine's own pre-filter runs after it is loaded.
  if (!text.includes('session')) return [];
  const file = analyzedName(context);
  const options = (context.options[0] ?? {}) as RuleOptions;
  const key = JSON.stringify(options.sensitiveFields ?? []);
  if (last && last.file === file && last.text === text && last.key === key) return last.findings;
  const core = loadEngine();
  let findings: readonly Finding[] = [];
  if (core.mightContainSessionCallback(text, file)) {
    const fs = new core.OverlayFileSystem(new core.NodeFileSystem(), new Map([[file, text]]));
    core.checkPaths(fs, [file], {
      ...(options.sensitiveFields && options.sensitiveFields.length > 0 ? { extraSensitiveNames: options.sensitiveFields } : {}),
      onFileAnalyzed: (analyzed, _text, found) => {
        if (analyzed === file) findings = found;
      },
    });
  }
  last = { file, text, key, findings };
  return findings;
}

const SOURCE_NAME = /\.[cm]?[jt]sx?$/;

/**
 * The path the engine analyzes the text under: the file on disk; for a code block ESLint extracted (`README.md/0.ts`)
 * its virtual name; for text with no name (`eslint --stdin`, `<text>`) a .tsx name, which parses JS and TS alike.
 */
function analyzedName(context: Rule.RuleContext): string {
  for (const name of [context.physicalFilename, context.filename]) if (SOURCE_NAME.test(name)) return path.resolve(name);
  return path.resolve(`${context.physicalFilename}.tsx`);
}

function ruleFor(id: RuleId, description: string, url: string): Rule.RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: { description, url, recommended: true },
      hasSuggestions: true,
      schema: [
        {
          type: 'object',
          properties: { sensitiveFields: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
          additionalProperties: false,
        },
      ],
    },
    create(context) {
      return {
        Program() {
          for (const finding of findingsFor(context)) {
            if (finding.rule !== id) continue;
            context.report({
              loc: {
                start: { line: finding.range.start.line + 1, column: finding.range.start.character },
                end: { line: finding.range.end.line + 1, column: finding.range.end.character },
              },
              message: finding.message,
              // The ignore-comment fix is the analyzer's suppression; ESLint users have eslint-disable.
              suggest: finding.fixes
                .filter((fix) => fix.kind !== 'ignore')
                .map((fix) => ({
                  desc: fix.title,
                  fix: (fixer: Rule.RuleFixer) => fix.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.newText)),
                })),
            });
          }
        },
      };
    },
  };
}

const rules: Record<string, Rule.RuleModule> = Object.fromEntries(
  RULE_IDS.map((id) => [id, ruleFor(id, RULE_METADATA[id].shortDescription, ruleHelpUri(id))]),
);

interface NextAuthScaffoldPlugin extends ESLint.Plugin {
  configs: { recommended: Linter.Config };
}

/**
 * `nextauth-scaffold/eslint`: the analyzer's rules for ESLint 9+ flat config. `configs.recommended` turns every
 * rule on as a warning for the files your config already lints:
 *
 *   import nextauthScaffold from "nextauth-scaffold/eslint";
 *   export default [nextauthScaffold.configs.recommended];
 */
const plugin: NextAuthScaffoldPlugin = {
  meta: { name: 'nextauth-scaffold', version },
  rules,
  configs: { recommended: {} },
};
plugin.configs.recommended = {
  name: 'nextauth-scaffold/recommended',
  plugins: { 'nextauth-scaffold': plugin },
  rules: Object.fromEntries(RULE_IDS.map((id) => [`nextauth-scaffold/${id}`, 'warn'])),
};

export = plugin;
