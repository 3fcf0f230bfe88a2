/**
 * docker-compose.yml (no Docker on the build machines, so the file is read as YAML and checked):
 * dondoc has its own database and role in the PostgreSQL that Temporal uses, separate from
 * Temporal's; worker and API reach it through DATABASE_URL, share no volume and run several
 * replicas behind one address. The init script that creates dondoc's database runs here against a
 * real PostgreSQL, and dondoc migrates its database as that role.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openDatabase } from '../storage/database';
import { postgresBinDir, startPostgres, type PostgresServer } from './support/postgres';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
type Service = {
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  deploy?: { replicas?: number };
  command?: string[];
  build?: string;
};
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const { services } = compose;
const INIT_DIR = '/docker-entrypoint-initdb.d';

/** ${VAR:-default} as docker compose reads it with VAR unset. */
const withDefaults = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('docker-compose.yml', () => {
  it('gives dondoc its own database and role, separate from Temporal’s', () => {
    const temporal = services.temporal!.environment!;
    for (const name of ['worker', 'api']) {
      const url = new URL(withDefaults(services[name]!.environment!.DATABASE_URL ?? ''));
      expect(url.protocol, name).toBe('postgres:');
      expect(url.hostname, name).toBe('postgresql');
      expect(url.pathname, name).toBe('/dondoc');
      expect(url.username, name).toBe('dondoc');
      expect(url.username).not.toBe(temporal.POSTGRES_USER);
      expect(url.username).not.toBe(services.postgresql!.environment!.POSTGRES_USER);
    }
    // The init script that creates it is mounted where the postgres image runs it on first start.
    const mount = services.postgresql!.volumes!.find((v) => v.split(':')[1] === INIT_DIR);
    expect(mount).toBeDefined();
    const script = join(root, mount!.split(':')[0]!, '10-dondoc.sh');
    accessSync(script, constants.X_OK);
    expect(readFileSync(script, 'utf8')).toMatch(/CREATE DATABASE dondoc OWNER dondoc/);
  });

  it('runs worker and API in several replicas that share no volume', () => {
    const mounts = (name: string) => (services[name]!.volumes ?? []).map((v) => v.split(':')[0]!);
    const worker = new Set(mounts('worker'));
    expect(mounts('api').filter((m) => worker.has(m))).toEqual([]);
    for (const name of ['worker', 'api']) {
      expect(services[name]!.deploy?.replicas, name).toBeGreaterThanOrEqual(2);
      // DATA_DIR is scratch space in the container, not a volume.
      const dataDir = services[name]!.environment!.DATA_DIR;
      expect(
        (services[name]!.volumes ?? []).some((v) => v.split(':')[1] === dataDir),
        name,
      ).toBe(false);
    }
  });

  it('puts the API replicas behind one published address', () => {
    // Two replicas cannot publish the same host port: the API publishes none, the proxy does.
    expect(services.api!.ports ?? []).toEqual([]);
    const proxy = Object.entries(services).find(([, s]) => (s.ports ?? []).some((p) => p.endsWith(':3000')));
    expect(proxy?.[0]).toBe('proxy');
    const caddyfile = proxy![1].volumes!.find((v) => v.endsWith(':/etc/caddy/Caddyfile:ro'))!.split(':')[0]!;
    expect(readFileSync(join(root, caddyfile), 'utf8')).toMatch(/dynamic a api 3000/);
  });
});

describe('deploy/postgres-init/10-dondoc.sh on a real PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres({ name: 'compose-init' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('creates the dondoc role and database; dondoc migrates it as that role, which is no superuser', async () => {
    await promisify(execFile)('bash', [join(root, 'deploy/postgres-init/10-dondoc.sh')], {
      env: {
        PATH: `${postgresBinDir()}:${dirname(process.execPath)}:/usr/bin:/bin`,
        POSTGRES_USER: 'postgres',
        PGHOST: '127.0.0.1',
        PGPORT: String(server.port),
        DONDOC_DB_PASSWORD: "mật khẩu có ' dấu nháy",
      },
    });
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      const { rows } = await admin.query(`select r.rolsuper, r.rolcreatedb, pg_get_userbyid(d.datdba) as owner
        from pg_roles r, pg_database d where r.rolname = 'dondoc' and d.datname = 'dondoc'`);
      expect(rows).toEqual([{ rolsuper: false, rolcreatedb: false, owner: 'dondoc' }]);
    } finally {
      await admin.end();
    }

    const url = `postgres://dondoc@127.0.0.1:${server.port}/dondoc`;
    const handle = await openDatabase({ databaseUrl: url, dataDir: mkdtempSync(join(tmpdir(), 'dondoc-compose-')) });
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'public' and tableowner = 'dondoc'`.execute(
        handle.db,
      );
      expect(rows[0]!.n).toBeGreaterThan(10);
    } finally {
      await handle.close();
    }
  });
});

describe('the services', () => {
  it('has PostgreSQL, Temporal on PostgreSQL, its Web UI, the worker, the API behind a proxy and a mail catcher', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mailpit', 'postgresql', 'proxy', 'temporal', 'temporal-ui', 'worker']);
    expect(compose.services.temporal!.image).toMatch(/^temporalio\/auto-setup:/);
    expect(compose.services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(compose.services['temporal-ui']!.image).toMatch(/^temporalio\/ui:/);
    expect(compose.services.mailpit!.image).toMatch(/^axllent\/mailpit/);
  });

  it('runs the worker and the API from the one Dockerfile, pointed at the cluster and at Mailpit', () => {
    expect(existsSync(join(root, 'Dockerfile'))).toBe(true);
    for (const name of ['worker', 'api'] as const) {
      const service = compose.services[name]!;
      expect(service.build).toBe('.');
      expect(service.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', SMTP_URL: 'smtp://mailpit:1025' });
    }
    expect(compose.services.worker!.command).toEqual(['node', '--import', 'tsx', 'worker/main.ts']);
    expect(compose.services.api!.command).toEqual(['node', '--import', 'tsx', 'api/main.ts']);
    // Every published port is bound to loopback only.
    for (const service of Object.values(compose.services)) for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });
});
