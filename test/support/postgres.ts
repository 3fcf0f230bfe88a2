/** A real PostgreSQL server for tests: see scripts/postgres-server.ts (shared with `npm run cluster`). */
export { startPostgres, postgresBinDir, type PostgresServer, type PostgresOptions } from '../../scripts/postgres-server';
