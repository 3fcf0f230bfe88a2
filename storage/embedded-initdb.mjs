// Creates the embedded database's files (PostgreSQL's initdb, in PGlite) in a short-lived process of
// its own, so that initdb's WebAssembly memory (about 500 MiB at its peak) never stays in the
// long-running dondoc process (storage/database.ts; issue 17). Plain JavaScript: nothing to compile.
//
//   node storage/embedded-initdb.mjs <folder> '<PGlite options as JSON>'
import { PGlite } from '@electric-sql/pglite';

const [dir, options] = process.argv.slice(2);
const pglite = await PGlite.create(dir, JSON.parse(options ?? '{}'));
await pglite.close();
