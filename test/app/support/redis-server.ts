import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';

/**
 * Debian's redis-server (scripts/ensure-system-packages.sh installs it) on a loopback port, in the
 * foreground, without persistence; started and stopped by the test that needs it.
 */
export class RedisServer {
  output = '';
  private child?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Resolves when the server logs that it accepts connections; rejects when it exits first. */
  async start(): Promise<void> {
    const binary = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
    if (!fs.existsSync(binary)) throw new Error(`test:app needs Debian's redis-server at ${binary} (apt-get install redis-server), or REDIS_SERVER=/path/to/redis-server`);
    const child = spawn(binary, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        this.output += chunk.toString();
        if (/Ready to accept connections/.test(this.output)) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${this.output}`)));
      child.once('error', reject);
    });
  }

  /** Stops the server and resolves once it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
