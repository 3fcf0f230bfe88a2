/** The production topology in docker-compose.yml (no Docker engine here: the file is parsed and checked). */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { parse } from 'yaml';

const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: string; command?: string[]; environment?: Record<string, string>; depends_on?: unknown; ports?: string[] }>;
};

describe('docker-compose.yml', () => {
  it('has PostgreSQL, Temporal on PostgreSQL, its Web UI, the worker, the API and a mail catcher', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mailpit', 'postgresql', 'temporal', 'temporal-ui', 'worker']);
    expect(compose.services.temporal!.image).toMatch(/^temporalio\/auto-setup:/);
    expect(compose.services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(compose.services['temporal-ui']!.image).toMatch(/^temporalio\/ui:/);
    expect(compose.services.mailpit!.image).toMatch(/^axllent\/mailpit/);
  });

  it('runs the worker and the API from the one Dockerfile, pointed at the cluster and at Mailpit', () => {
    expect(existsSync(new URL('../../Dockerfile', import.meta.url))).toBe(true);
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
