/** `tsx scripts/binaries.ts [dev|test|server]…`: makes sure the Temporal server binaries are there (ensure.sh calls it). */
import { resolveClusterServer, resolveDevServer, resolveTestServer } from '../worker/temporal-binaries';

const wanted = process.argv.slice(2);
if (wanted.length === 0 || wanted.includes('dev')) {
  console.error(`[dondoc] dev server: ${resolveDevServer() ?? 'will be downloaded by the Temporal SDK'}`);
}
if (wanted.length === 0 || wanted.includes('test')) {
  console.error(`[dondoc] test server: ${(await resolveTestServer()) ?? 'will be downloaded by the Temporal SDK'}`);
}
// Only on request (`npm run cluster`): the full server takes many minutes to build the first time.
if (wanted.includes('server')) {
  const built = resolveClusterServer();
  if (!built) {
    console.error('[dondoc] Temporal server for the cluster: Go is missing; install Go or set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH');
    process.exit(1);
  }
  console.error(`[dondoc] Temporal server: ${built.server}; schema tool: ${built.sqlTool}`);
}
