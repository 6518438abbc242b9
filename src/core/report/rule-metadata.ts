import type { RuleId } from '../analyze';

/** Where the README lives on the web; rule help links point at its sections. */
export const README_URL = 'https://github.com/nextauth-scaffold/nextauth-scaffold#readme';

/** What every face that lists rules (SARIF `tool.driver.rules`, ESLint `meta.docs`) says about a rule. */
export interface RuleMetadata {
  /** One line, no trailing period. */
  readonly shortDescription: string;
  readonly fullDescription: string;
  /** Anchor of the rule's README section (GitHub's heading slug). */
  readonly readmeAnchor: string;
  /**
   * CVSS-like score GitHub code scanning reads from `properties["security-severity"]` ("7.5" is high); absent for
   * a rule that reports no vulnerability (a file that could not be analyzed).
   */
  readonly securitySeverity?: string;
  /** A level that `--severity` does not change (SARIF `note` for a finding that is not a problem in the code). */
  readonly fixedLevel?: 'note';
  /** How sure a finding is (SARIF `precision` property as code scanning reads it). */
  readonly precision: 'very-high' | 'high' | 'medium' | 'low';
  /** CWE tags for code scanning (`external/cwe/cwe-NNN`); with none, the rule is not tagged `security`. */
  readonly cwe: readonly number[];
}

/**
 * One entry per rule id: a `Record` over `RuleId`, so a new rule does not compile until it is described here.
 */
export const RULE_METADATA: Readonly<Record<RuleId, RuleMetadata>> = {
  'session-exposes-refresh-token': {
    shortDescription: 'A NextAuth session callback sends the refresh token to the browser',
    fullDescription:
      'A refresh-named field of the JWT, or the whole JWT while it holds a refresh token, reaches the value the session callback returns. ' +
      'The session is served as JSON by /api/auth/session and useSession(), so any script on the page can read the refresh token and mint access tokens. ' +
      'Keep the refresh token in the JWT (an encrypted, HttpOnly cookie) and copy only the fields the client needs.',
    readmeAnchor: 'session-exposes-refresh-token',
    securitySeverity: '7.5',
    precision: 'high',
    cwe: [200, 522],
  },
  'session-exposes-token': {
    shortDescription: 'A NextAuth session callback sends the whole JWT to the browser',
    fullDescription:
      'The session callback returns or spreads the whole JWT. Nothing in sight puts a refresh token in it, but the JWT carries whatever any callback adds later, ' +
      'and the session is readable by every script on the page. Copy only the fields the client needs.',
    readmeAnchor: 'session-exposes-token',
    securitySeverity: '5.3',
    precision: 'medium',
    cwe: [200],
  },
  'session-exposes-password': {
    shortDescription: 'A NextAuth session callback sends a password or password hash to the browser',
    fullDescription:
      'A password or password-hash field of the JWT (often copied by authorize() from the backend user record) reaches the value the session callback returns. ' +
      'The session is served as JSON by /api/auth/session and useSession(), so any script on the page can read it. Never keep credentials in the token or the session.',
    readmeAnchor: 'session-exposes-password',
    securitySeverity: '7.5',
    precision: 'high',
    cwe: [200, 522],
  },
  'session-exposes-id-token': {
    shortDescription: 'A NextAuth session callback sends the OpenID Connect ID token to the browser',
    fullDescription:
      'An id_token / idToken field of the JWT reaches the value the session callback returns, where any script on the page can read it. ' +
      'An ID token identifies the user to other parties and can be replayed; keep it in the JWT (an encrypted, HttpOnly cookie).',
    readmeAnchor: 'session-exposes-id-token',
    securitySeverity: '5.3',
    precision: 'high',
    cwe: [200],
  },
  'credentials-needs-jwt-strategy': {
    shortDescription: 'A NextAuth config with a Credentials provider and an adapter does not use JWT sessions',
    fullDescription:
      'With an adapter, NextAuth defaults to database sessions, and it never creates a database session for a Credentials sign-in: ' +
      'the sign-in appears to succeed and the user stays signed out. Set session: { strategy: "jwt" }; the adapter still stores users and OAuth accounts.',
    readmeAnchor: 'credentials-needs-jwt-strategy',
    // A broken sign-in, not a vulnerability: no security severity, no CWE.
    precision: 'high',
    cwe: [],
  },
  'weak-auth-secret': {
    shortDescription: 'NEXTAUTH_SECRET / AUTH_SECRET is shorter than 32 bytes or a known placeholder',
    fullDescription:
      'NextAuth signs and encrypts its session tokens with this secret. A short or placeholder value (secret, changeme, the docs\' examples) lets anyone forge or decrypt sessions. ' +
      'Generate one with `npx auth secret` or `openssl rand -base64 32`. Checked in dotenv files by `check` on a folder.',
    readmeAnchor: 'weak-auth-secret',
    securitySeverity: '8.1',
    precision: 'high',
    cwe: [521, 1391],
  },
  'secret-in-public-env': {
    shortDescription: 'A secret is exposed to the browser as a NEXT_PUBLIC_ variable',
    fullDescription:
      'Next.js inlines every NEXT_PUBLIC_* value into the JavaScript it sends to the browser. A variable named as a secret, password or private key there is public. ' +
      'Drop the prefix and read it on the server only. Checked in dotenv files by `check` on a folder.',
    readmeAnchor: 'secret-in-public-env',
    securitySeverity: '7.5',
    precision: 'medium',
    cwe: [200],
  },
  'analysis-incomplete': {
    shortDescription: 'The session-leak analysis of a file could not finish',
    fullDescription:
      'The file does not parse, or nests deeper than the analyzer\'s explicit depth budget, so a refresh token leaking into the session there may go unreported. ' +
      'The analyzer fails closed: this finding says the file was not (fully) checked. Fix the syntax error or flatten the nesting.',
    readmeAnchor: 'analysis-incomplete',
    // Not a vulnerability: a note in code scanning, with no security severity.
    fixedLevel: 'note',
    precision: 'very-high',
    cwe: [],
  },
};

/** The README section that documents `rule`. */
export function ruleHelpUri(rule: RuleId): string {
  return README_URL.replace(/#.*$/, `#${RULE_METADATA[rule].readmeAnchor}`);
}
