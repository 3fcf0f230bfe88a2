import { portIsFree } from '../worker/port-guard';

/**
 * Ports are picked below Linux's ephemeral range (32768–60999 by default), from which the kernel
 * draws the local port of every outgoing connection and of every bind to port 0: a port taken from
 * that range and released can be handed to someone else before its user binds it. Each vitest
 * worker draws from its own block, so parallel test files never pick the same port.
 */
const FIRST_PORT = 20_000;
const BLOCK_SIZE = 1_500;
const BLOCKS = 8;
const given = new Set<number>();

/** A TCP port on 127.0.0.1 that was free a moment ago, and not given before by this process. */
export async function freePort(): Promise<number> {
  const block = Number(process.env.VITEST_POOL_ID ?? 0) % BLOCKS;
  const first = FIRST_PORT + block * BLOCK_SIZE;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = first + Math.floor(Math.random() * BLOCK_SIZE);
    if (given.has(port) || !(await portIsFree('127.0.0.1', port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`no free port in 127.0.0.1:${first}-${first + BLOCK_SIZE - 1}`);
}
