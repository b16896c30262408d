/**
 * Identifier formats AWS uses: unique ids (AIDA/AROA/ANPA/AKIA/ASIA + 16 base32-ish chars), request ids.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Random bytes for identifiers, drawn from a pool refilled 16 KiB at a time (one call into the CSPRNG, not one per id). */
const pool = Buffer.alloc(16 * 1024);
let used = pool.length;

export function randomId(size: number): Buffer {
  if (size > pool.length) return randomBytes(size);
  if (used + size > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += size;
  return Buffer.from(pool.subarray(used - size, used));
}

export function uniqueId(prefix: 'AIDA' | 'AROA' | 'ANPA' | 'AKIA' | 'ASIA' | 'AGPA', length = 16): string {
  const bytes = randomId(length);
  let out = prefix;
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

export function secretKey(): string {
  return randomId(30).toString('base64').replace(/[+/=]/g, 'A').slice(0, 40);
}

export function sessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomId(96).toString('base64');
}

export function requestId(): string {
  return randomUUID();
}

export function isAccountId(s: string): boolean {
  return /^\d{12}$/.test(s);
}
