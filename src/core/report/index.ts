// Output formats over the analyzer's findings that other tools read (SARIF for code scanning), and the one
// description of each rule they share with the ESLint plugin.
export * from './rule-metadata';
export { buildSarifLog, FINGERPRINT_KEY } from './sarif';
export type { AnalyzedFile, SarifInput } from './sarif';
