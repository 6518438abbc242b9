import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

/** Runs a command to completion; resolves with its output, rejects with the output's tail on failure. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`${path.basename(command)} ${args.join(' ')} timed out after ${options.timeoutMs / 1000} s:\n${output.slice(-4000)}`));
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}:\n${output.slice(-6000)}`));
    });
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** A port the OS says is free on 127.0.0.1 (`next start` needs a number up front). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A `next start` process on 127.0.0.1, with its output kept for the report. */
export class NextServer {
  output = '';
  private child?: ChildProcess;

  constructor(
    readonly appDir: string,
    readonly nextBin: string,
    readonly port: number,
  ) {}

  /**
   * The app's URL as the browser uses it. The server listens on 127.0.0.1 only, but the URL says
   * `localhost`: Next.js rewrites loopback addresses in request URLs to localhost (NextURL), so
   * Auth.js builds its redirects and cookies for `localhost`, and a browser on 127.0.0.1 would be
   * sent to another host.
   */
  get url(): string {
    return `http://localhost:${this.port}`;
  }

  /**
   * Starts `next start` with the environment a deployment sets: the app's public URL (NEXTAUTH_URL for
   * next-auth 4, AUTH_URL for 5; `.env.local` has localhost:3000 for `next dev`) and the backend's URL.
   * The session secret comes from the `.env.local` init wrote.
   */
  async start(env: Record<string, string>): Promise<void> {
    const child = spawn(this.nextBin, ['start', '-H', '127.0.0.1', '-p', String(this.port)], {
      cwd: this.appDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${this.output}`);
      try {
        const response = await fetch(`${this.url}/blank.html`, { signal: AbortSignal.timeout(5_000) });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`next start did not answer within 90 s:\n${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => killGroup(child), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** The server's log lines that mention the generated auth code ("[auth] …") or errors. */
  authLog(): string[] {
    return this.output.split('\n').filter((line) => /\[auth\]|\[next-auth\]|\[auth\]\[error\]|Error/.test(line));
  }
}

/** The `next` binary of an install folder. */
export function nextBinary(installDir: string): string {
  const bin = path.join(installDir, 'node_modules', '.bin', 'next');
  if (!fs.existsSync(bin)) throw new Error(`no next in ${installDir}`);
  return bin;
}
