import { ProjectSources, readAuthConfig } from '../auth-config';
import type { ReadonlyFileSystem } from '../file-system';
import { jwtStoredSecrets } from './analyze-source';
import type { AnalyzerOptions, CrossFileFacts } from './types';

/** Text that can hold NextAuth / Auth.js options (what readAuthConfig looks for), tested before parsing. */
function mayHoldOptions(text: string): boolean {
  return text.includes('allbacks') && (text.includes('next-auth') || text.includes('NextAuth') || text.includes('@auth/') || text.includes('AuthOptions') || text.includes('AuthConfig'));
}

/**
 * Cross-file facts for `check` on a folder: the auth options of each file are read with the project's one model
 * (readAuthConfig, which follows relative and tsconfig-path imports and spreads of shared configs); where the
 * session callback (`callbacks: { session: sessionCallback }` imported from `./callbacks`) or the jwt callback lives
 * in another file than the other, the session callback's file learns that it is one, and what the jwt callback
 * stores. Parsed files and results are cached by file text (its version), so re-checking after an edit re-reads only
 * what changed.
 */
export class CrossFileIndex {
  private readonly sources: ProjectSources;
  private readonly secrets = new Map<string, { text: string; pos: number; value: ReturnType<typeof jwtStoredSecrets> }>();

  constructor(private readonly fs: ReadonlyFileSystem) {
    this.sources = new ProjectSources(fs);
  }

  /** Facts per session-callback file (absolute path), from the options found in `files` (their texts given). */
  collect(files: ReadonlyMap<string, string>, options: Pick<AnalyzerOptions, 'extraSensitiveNames'> = {}): Map<string, CrossFileFacts> {
    const out = new Map<string, { starts: number[]; jwt?: CrossFileFacts['jwt'] }>();
    for (const [file, text] of files) {
      if (!mayHoldOptions(text)) continue;
      let session;
      let jwt;
      try {
        const config = readAuthConfig(this.sources, file);
        session = config?.callback('session').found?.fn;
        jwt = config?.callback('jwt').found?.fn;
      } catch {
        continue; // a file the model cannot read: its own analysis reports it (analysis-incomplete)
      }
      if (!session || (session.file === file && (!jwt || jwt.file === file))) continue;
      const entry = out.get(session.file) ?? { starts: [] };
      if (!entry.starts.includes(session.node.pos)) entry.starts.push(session.node.pos);
      if (jwt && jwt.file !== session.file) {
        const fields = this.jwtSecrets(jwt.file, jwt.node.pos, options);
        if (fields.length > 0) entry.jwt = { file: jwt.file, fields };
      }
      out.set(session.file, entry);
    }
    return new Map([...out].map(([file, e]) => [file, { sessionCallbackStarts: e.starts, ...(e.jwt ? { jwt: e.jwt } : {}) }]));
  }

  private jwtSecrets(file: string, pos: number, options: Pick<AnalyzerOptions, 'extraSensitiveNames'>): ReturnType<typeof jwtStoredSecrets> {
    const text = this.fs.readFile(file);
    if (text === undefined) return [];
    const cached = this.secrets.get(file);
    if (cached && cached.text === text && cached.pos === pos) return cached.value;
    const value = jwtStoredSecrets(file, text, pos, options);
    this.secrets.set(file, { text, pos, value });
    return value;
  }
}
