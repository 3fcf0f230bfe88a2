/**
 * `npm start` as a real process (node --import tsx scripts/start.ts) on a fresh data directory and
 * free ports: it stops cleanly on SIGTERM and on Ctrl-C (exit 0, no stack trace, the dev server
 * gone), keeps its data owner-only, and refuses to start when one of its ports is taken.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/ports';
import { portIsFree } from '../../worker/port-guard';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Run = { child: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> };

type Ports = { dev: number; ui: number; api: number };

/** What the Temporal dev server prints when it listens. */
const DEV_SERVER_BANNER = /Server:\s+localhost:\d+/;

async function freePorts(): Promise<Ports> {
  return { dev: await freePort(), ui: await freePort(), api: await freePort() };
}

function startDondoc(dataDir: string, ports: Ports): Run {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    // Its own process group, so a Ctrl-C can be sent to the whole group as a terminal does.
    detached: true,
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DASHBOARD_URL', 'TEMPORAL_ADDRESS', 'NODE_OPTIONS'].includes(k))),
      DATA_DIR: dataDir,
      TEMPORAL_DEV_PORT: String(ports.dev),
      TEMPORAL_UI_PORT: String(ports.ui),
      API_PORT: String(ports.api),
      API_HOST: '127.0.0.1',
      DONDOC_LOAD_SAMPLES: 'false',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

async function waitHealthy(port: number, run: Run, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (run.child.exitCode !== null) throw new Error(`dondoc exited early:\n${run.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok && run.output().includes('dondoc is running')) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`dondoc did not become healthy:\n${run.output()}`);
}

const running: Run[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGTERM');
      await Promise.race([run.exited, new Promise((r) => setTimeout(r, 25_000))]);
    }
    // Whatever is left of its process group (a dev server, after a failed test) goes too.
    try {
      process.kill(-run.child.pid!, 'SIGKILL');
    } catch {
      // nothing left
    }
  }
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe('npm start as a process', () => {
  for (const how of ['SIGTERM', 'Ctrl-C'] as const) {
    it(`stops cleanly on ${how}: exit 0, no IllegalStateError, the dev server's port closed`, async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'dondoc-start-')), 'data');
      const ports = await freePorts();
      const run = startDondoc(dataDir, ports);
      running.push(run);
      await waitHealthy(ports.api, run);
      expect(await portIsFree('127.0.0.1', ports.dev)).toBe(false);

      if (how === 'SIGTERM') run.child.kill('SIGTERM');
      // A terminal's Ctrl-C reaches the whole foreground process group, the dev server included.
      else process.kill(-run.child.pid!, 'SIGINT');
      const { code } = await run.exited;

      expect(run.output()).not.toContain('IllegalStateError');
      expect(run.output()).not.toMatch(/"level":(50|60)/);
      // The dev server says where it listens (what the refusals below must never print).
      expect(run.output()).toMatch(DEV_SERVER_BANNER);
      expect(code).toBe(0);
      expect(await portIsFree('127.0.0.1', ports.dev)).toBe(true);
      expect(await portIsFree('127.0.0.1', ports.ui)).toBe(true);
      expect(await portIsFree('127.0.0.1', ports.api)).toBe(true);

      if (how === 'SIGTERM') {
        // Owner only: the data directory, the Temporal database and the credentials.
        expect(mode(dataDir).toString(8)).toBe('700');
        expect(mode(join(dataDir, 'temporal.sqlite')).toString(8)).toBe('600');
        expect(mode(join(dataDir, 'credentials.txt')).toString(8)).toBe('600');
      }
    });
  }

  it('refuses to start when the API port is taken by another program, saying which port and what to do', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'dondoc-start-')), 'data');
    const ports = await freePorts();
    const squatter = createServer((socket) => socket.end('hello\n', () => socket.destroy()));
    servers.push(squatter);
    await new Promise<void>((r) => squatter.listen(ports.api, '127.0.0.1', r));

    const run = startDondoc(dataDir, ports);
    running.push(run);
    const { code } = await run.exited;
    expect(code).not.toBe(0);
    expect(run.output()).toContain(`127.0.0.1:${ports.api} (API_PORT, the API and dashboard): another program is listening there`);
    // Nothing was started: no dev server said where it listens. (Its port being free proves less:
    // another test running alongside may have been given that port since.)
    expect(run.output()).not.toMatch(DEV_SERVER_BANNER);
  });

  it('refuses to start on a dev server port that is already taken instead of attaching to what listens there', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'dondoc-start-')), 'data');
    const ports = await freePorts();
    const squatter = createServer((socket) => socket.destroy());
    servers.push(squatter);
    await new Promise<void>((r) => squatter.listen(ports.dev, '127.0.0.1', r));

    const run = startDondoc(dataDir, ports);
    running.push(run);
    const { code } = await run.exited;
    expect(code).not.toBe(0);
    expect(run.output()).toContain(`127.0.0.1:${ports.dev} (TEMPORAL_DEV_PORT, the Temporal dev server): another program is listening there`);
    expect(await portIsFree('127.0.0.1', ports.api)).toBe(true);
  });

  it('refuses to start a second dondoc on the same ports, naming the running one', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'dondoc-start-')), 'data');
    const ports = await freePorts();
    const first = startDondoc(dataDir, ports);
    running.push(first);
    await waitHealthy(ports.api, first);

    const second = startDondoc(join(mkdtempSync(join(tmpdir(), 'dondoc-start-')), 'data'), ports);
    running.push(second);
    const { code } = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output()).toContain(`127.0.0.1:${ports.api} (API_PORT, the API and dashboard): dondoc is already running there`);
    // The first one is untouched.
    expect((await fetch(`http://127.0.0.1:${ports.api}/healthz`)).ok).toBe(true);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  });
});
