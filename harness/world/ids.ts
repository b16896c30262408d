/**
 * Identifier formats AWS uses: unique ids (AIDA/AROA/ANPA/AKIA/ASIA + 16 base32-ish chars), request ids.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function uniqueId(prefix: 'AIDA' | 'AROA' | 'ANPA' | 'AKIA' | 'ASIA' | 'AGPA', length = 16): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

export function secretKey(): string {
  return randomBytes(30).toString('base64').replace(/[+/=]/g, 'A').slice(0, 40);
}

export function sessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomBytes(96).toString('base64');
}

export function requestId(): string {
  return randomUUID();
}

export function isAccountId(s: string): boolean {
  return /^\d{12}$/.test(s);
}
