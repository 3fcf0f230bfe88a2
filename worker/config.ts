/** Configuration from environment variables, validated at start with a message naming the bad variable. */
import { z } from 'zod';
import { resolve } from 'node:path';

const port = z.coerce.number().int().min(1).max(65535);

export const ConfigSchema = z.object({
  /** host:port of a Temporal cluster; unset = start the embedded dev server (SQLite under DATA_DIR). */
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must look like host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('dondoc'),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  DATA_DIR: z.string().min(1).default('data').transform((p) => resolve(p)),
  /** dondoc's own records: a PostgreSQL server (postgres://…); unset = the embedded database under DATA_DIR/postgres. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  DASHBOARD_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Load the sample plans in plans/ on first start of the embedded default. */
  DONDOC_LOAD_SAMPLES: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])] ?? '')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function dashboardUrl(config: Config): string {
  return config.DASHBOARD_URL ?? `http://${config.API_HOST}:${config.API_PORT}`;
}
