import { randomBytes } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * A strict backend for the generated auth to talk to, on 127.0.0.1 (OS-chosen port), the way a careful real
 * one behaves: `POST /login` issues an access token and a refresh token; `POST /refresh` rotates (a new
 * refresh token each time) and treats any reuse of an already rotated refresh token as theft: 401, and the
 * whole token family is revoked, so the session is dead from then on. `GET /me` answers only to a valid,
 * unexpired access token. Switches: latency, refusing every refresh, the lifetime of tokens issued next.
 * Counters say what happened; `since(mark)` gives the counts of one scenario.
 */
export class FakeBackend {
  /** Added before answering /login and /refresh, in ms. */
  latencyMs = 0;
  /** When set, every /refresh answers 401 (a backend that revoked the session). */
  refuseRefresh = false;
  /** Lifetime (`expires_in`, seconds) of the access tokens issued from now on. */
  accessTokenLifetime = 3600;
  readonly counts: BackendCounts = emptyCounts();
  /** Every refresh token ever issued (the suite checks none reaches the browser). */
  readonly issuedRefreshTokens: string[] = [];
  /** One line per request, for the report when a scenario fails. */
  readonly log: string[] = [];

  private readonly users = new Map([['ada@example.com', { id: '7', name: 'Ada Lovelace', password: 's3cret-password' }]]);
  private readonly refreshTokens = new Map<string, { email: string; family: string; state: 'active' | 'rotated' }>();
  private readonly revokedFamilies = new Set<string>();
  private readonly accessTokens = new Map<string, { email: string; expires: number }>();
  private server?: http.Server;
  private started = Date.now();
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.started = Date.now();
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** A snapshot of the counters; pass it to `since()` to get what happened after it. */
  mark(): BackendCounts {
    return { ...this.counts };
  }

  since(mark: BackendCounts): BackendCounts {
    const delta = emptyCounts();
    for (const key of Object.keys(delta) as (keyof BackendCounts)[]) delta[key] = this.counts[key] - mark[key];
    return delta;
  }

  /** Restores the switches between scenarios. */
  reset(): void {
    this.latencyMs = 0;
    this.refuseRefresh = false;
    this.accessTokenLifetime = 3600;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://backend');
    const answer = (status: number, body: unknown): void => {
      this.log.push(`${((Date.now() - this.started) / 1000).toFixed(2)}s ${request.method} ${url.pathname} -> ${status}`);
      response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    try {
      if (request.method === 'GET' && url.pathname === '/me') return this.me(request, answer);
      if (request.method !== 'POST') return answer(404, { error: 'not_found' });
      const body = await readJson(request);
      if (this.latencyMs > 0 && (url.pathname === '/login' || url.pathname === '/refresh')) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      if (url.pathname === '/login') return this.login(body, answer);
      if (url.pathname === '/refresh') return this.refresh(body, answer);
      return answer(404, { error: 'not_found' });
    } catch {
      answer(400, { error: 'bad_request' });
    }
  }

  private login(body: Record<string, unknown>, answer: (status: number, body: unknown) => void): void {
    this.counts.logins += 1;
    const user = typeof body.email === 'string' ? this.users.get(body.email) : undefined;
    if (!user || body.password !== user.password) {
      this.counts.loginFailures += 1;
      return answer(401, { error: 'invalid_credentials' });
    }
    const email = body.email as string;
    answer(200, { ...this.issue(email, randomToken('family')), user: { id: user.id, name: user.name, email } });
  }

  private refresh(body: Record<string, unknown>, answer: (status: number, body: unknown) => void): void {
    this.counts.refreshes += 1;
    const presented = typeof body.refreshToken === 'string' ? body.refreshToken : '';
    const record = this.refreshTokens.get(presented);
    if (!record) {
      this.counts.unknownRefreshTokens += 1;
      return answer(401, { error: 'invalid_grant' });
    }
    if (record.state === 'rotated') {
      // Reuse of a rotated token: treat it as theft and revoke the whole family (OAuth security BCP).
      this.counts.reuses += 1;
      this.revokedFamilies.add(record.family);
      return answer(401, { error: 'invalid_grant', reason: 'reuse' });
    }
    if (this.revokedFamilies.has(record.family)) {
      this.counts.refusals += 1;
      return answer(401, { error: 'invalid_grant', reason: 'revoked' });
    }
    if (this.refuseRefresh) {
      this.counts.refusals += 1;
      this.revokedFamilies.add(record.family);
      return answer(401, { error: 'invalid_grant', reason: 'refused' });
    }
    record.state = 'rotated';
    this.counts.rotations += 1;
    answer(200, this.issue(record.email, record.family));
  }

  private me(request: http.IncomingMessage, answer: (status: number, body: unknown) => void): void {
    this.counts.meCalls += 1;
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const record = token ? this.accessTokens.get(token) : undefined;
    if (!record || record.expires <= Date.now()) {
      this.counts.meRejected += 1;
      return answer(401, { error: 'invalid_token' });
    }
    answer(200, { email: record.email });
  }

  private issue(email: string, family: string): { accessToken: string; refreshToken: string; expires_in: number } {
    const accessToken = randomToken('at');
    const refreshToken = randomToken('rt');
    this.accessTokens.set(accessToken, { email, expires: Date.now() + this.accessTokenLifetime * 1000 });
    this.refreshTokens.set(refreshToken, { email, family, state: 'active' });
    this.issuedRefreshTokens.push(refreshToken);
    return { accessToken, refreshToken, expires_in: this.accessTokenLifetime };
  }
}

export interface BackendCounts {
  logins: number;
  loginFailures: number;
  /** Calls to /refresh, whatever their outcome. */
  refreshes: number;
  rotations: number;
  /** A rotated refresh token presented again: what the generated code must never do. */
  reuses: number;
  /** Refreshes answered 401 because the session was refused or revoked. */
  refusals: number;
  unknownRefreshTokens: number;
  meCalls: number;
  meRejected: number;
}

function emptyCounts(): BackendCounts {
  return { logins: 0, loginFailures: 0, refreshes: 0, rotations: 0, reuses: 0, refusals: 0, unknownRefreshTokens: 0, meCalls: 0, meRejected: 0 };
}

function randomToken(kind: string): string {
  return `${kind}_${randomBytes(18).toString('base64url')}`;
}

async function readJson(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
  return parsed as Record<string, unknown>;
}
