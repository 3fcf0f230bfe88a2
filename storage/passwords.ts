/**
 * Passwords, hashed with scrypt (node:crypto, memory-hard): a random salt per password and the
 * parameters kept in the stored string, `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url), so they can
 * be raised later without breaking the hashes already stored. Compared in constant time.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));

/**
 * N = 2^15, r = 8, p = 3: one of OWASP's equivalent scrypt minimums (Password Storage Cheat Sheet),
 * 32 MiB per hash instead of the 128 MiB of N = 2^17, p = 1: about 0.2 s per sign-in on one core.
 */
const PARAMETERS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** 128·N·r bytes are needed (32 MiB here); Node's default cap is 32 MiB exactly, so allow twice that. */
const maxmem = (N: number, r: number) => 256 * N * r;

/** Shortest password a person may choose. */
export const MIN_PASSWORD_LENGTH = 10;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const { N, r, p } = PARAMETERS;
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when the password matches the stored hash; false for a hash it cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (![N, R, P].every((v) => Number.isInteger(v) && v > 0)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return timingSafeEqual(key, expected);
}

/** A hash of no password, verified against when the login is unknown: the refusal takes as long either way. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'));
  return decoy;
}

/** A password for a person to change or keep: 16 characters from 96 random bits, shown once. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
