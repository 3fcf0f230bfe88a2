/** `tsx scripts/binaries.ts [dev|test]…`: makes sure the Temporal server binaries are there (ensure.sh calls it). */
import { resolveDevServer, resolveTestServer } from '../worker/temporal-binaries';

const wanted = process.argv.slice(2);
if (wanted.length === 0 || wanted.includes('dev')) {
  console.error(`[dondoc] dev server: ${resolveDevServer() ?? 'will be downloaded by the Temporal SDK'}`);
}
if (wanted.length === 0 || wanted.includes('test')) {
  console.error(`[dondoc] test server: ${(await resolveTestServer()) ?? 'will be downloaded by the Temporal SDK'}`);
}
