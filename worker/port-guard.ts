/**
 * Before `npm start` opens anything: every port it will listen on must be free. A port already
 * taken means another program (or a dondoc, or a Temporal dev server left behind by one) would
 * answer in our place, so we refuse to start and say which port and what to do.
 */
import { createServer } from 'node:net';
import { ConfigError, type Config } from './config';

export type PortUse = { name: string; variable: string; host: string; port: number };

/** True when host:port can be listened on now. */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(false) : reject(err)));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** What answers HTTP on host:port: a dondoc (its /healthz and its dashboard page), or something else. */
async function describeHttp(host: string, port: number): Promise<'dondoc' | 'other'> {
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    const health = (await (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_500) })).json()) as Record<string, unknown>;
    if (typeof health.ok !== 'boolean') return 'other';
    const page = await (await fetch(`${base}/`, { signal: AbortSignal.timeout(1_500) })).text();
    return page.includes('/dashboard/app.js') ? 'dondoc' : 'other';
  } catch {
    return 'other';
  }
}

/** The ports `npm start` listens on: the API, and the embedded dev server and its Web UI unless a cluster is configured. */
export function portsOf(config: Config): PortUse[] {
  const ports: PortUse[] = [{ name: 'the API and dashboard', variable: 'API_PORT', host: config.API_HOST, port: config.API_PORT }];
  if (!config.TEMPORAL_ADDRESS) {
    ports.push({ name: 'the Temporal dev server', variable: 'TEMPORAL_DEV_PORT', host: '127.0.0.1', port: config.TEMPORAL_DEV_PORT });
    ports.push({ name: 'the Temporal Web UI', variable: 'TEMPORAL_UI_PORT', host: '127.0.0.1', port: config.TEMPORAL_UI_PORT });
  }
  return ports;
}

/** Throws a ConfigError naming every taken port, what seems to hold it, and how to proceed. */
export async function assertPortsFree(config: Config): Promise<void> {
  const problems: string[] = [];
  for (const use of portsOf(config)) {
    if (await portIsFree(use.host, use.port)) continue;
    const holder = use.variable === 'API_PORT' ? await describeHttp(use.host, use.port) : 'other';
    if (holder === 'dondoc') {
      problems.push(`  ${use.host}:${use.port} (${use.variable}, ${use.name}): dondoc is already running there. Stop it first, or choose another port with ${use.variable}.`);
    } else if (use.variable === 'TEMPORAL_DEV_PORT') {
      problems.push(
        `  ${use.host}:${use.port} (${use.variable}, ${use.name}): another program is listening there (perhaps a Temporal dev server left running by an earlier start). ` +
          `Stop it, choose another port with ${use.variable}, or set TEMPORAL_ADDRESS=${use.host}:${use.port} to use it as the cluster.`,
      );
    } else {
      problems.push(`  ${use.host}:${use.port} (${use.variable}, ${use.name}): another program is listening there. Stop it, or choose another port with ${use.variable}.`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`cannot start: ${problems.length === 1 ? 'a port is' : 'ports are'} already in use:\n${problems.join('\n')}`);
}
