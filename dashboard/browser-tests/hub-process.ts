import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The repository root holding Qyl.Hub (QYL_REPO_ROOT overrides, e.g. to test an integration checkout). */
export const repoRoot = process.env.QYL_REPO_ROOT ?? resolve(import.meta.dirname, '..', '..');

/** The build under test: this checkout's dashboard/dist, whichever repository the hub comes from. */
export const dashboardDist = resolve(import.meta.dirname, '..', 'dist');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A real Qyl.Hub process (Release build, already built) on a fixed HTTP port, so it can be restarted on the same one. */
export class HubProcess {
  private child: ChildProcess | null = null;
  private output = '';

  /** `settings` are extra configuration arguments, e.g. `--Qyl:ApiKey=...`. */
  constructor(readonly port: number, private readonly settings: string[] = []) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    this.output = '';
    this.child = spawn('dotnet', ['run', '--project', 'Qyl.Hub', '-c', 'Release', '--no-build', '--',
      `--Qyl:HttpPort=${this.port}`, '--Qyl:OtlpHttpPort=0', '--Qyl:OtlpGrpcPort=0', `--Qyl:DashboardPath=${dashboardDist}`, ...this.settings], {
      cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    });
    this.child.stdout?.on('data', (d: Buffer) => { this.output += d.toString(); });
    this.child.stderr?.on('data', (d: Buffer) => { this.output += d.toString(); });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`Qyl.Hub exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        const response = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await this.stop();
    throw new Error(`Qyl.Hub did not answer /healthz within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Stops the hub: SIGTERM to its process group (dotnet run and the app), SIGKILL if it lingers. */
  async stop(timeoutMs = 15_000): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    await exited;
    clearTimeout(timer);
    // The port must be free again before a restart on the same port.
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try { await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(500) }); } catch { return; }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get log(): string {
    return this.output;
  }
}
