// Types of `nextauth-scaffold/eslint` (dist/eslint.js), for eslint.config.ts and checkJs users.
import type { ESLint, Linter } from 'eslint';

declare const nextauthScaffold: ESLint.Plugin & {
  meta: { name: 'nextauth-scaffold'; version: string };
  rules: NonNullable<ESLint.Plugin['rules']>;
  /** Every rule as a warning, for the files the rest of your config lints. */
  configs: { recommended: Linter.Config };
};

export = nextauthScaffold;
