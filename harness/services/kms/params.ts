/**
 * KMS request parameters: blobs (base64 over the wire, bytes when another service calls through `invoke`),
 * encryption contexts, and Coral's validation wording ("1 validation error detected: …", ValidationException).
 * Plaintext lengths follow E019/E020 of errors.jsonl: KMS leaves the (sensitive) value out of the message.
 */
import { constraintError } from '../param-errors.js';
import { int, str } from '../params.js';
import type { EncryptionContext } from './crypto.js';

export type Input = Record<string, unknown>;

export function blob(input: Input, name: string): Buffer | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return Buffer.from(v, 'base64');
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw constraintError('ValidationException', name, v, 'Member must be a blob', { sensitive: true });
}

/** A sensitive blob with length limits; the message omits the value, as KMS does for Plaintext. */
export function sensitiveBlob(input: Input, name: string, min: number, max: number): Buffer {
  const b = blob(input, name);
  const refuse = (constraint: string) => constraintError('ValidationException', name, undefined, constraint, { sensitive: true });
  if (b === undefined) throw refuse('Member must not be null');
  if (b.length < min) throw refuse(`Member must have length greater than or equal to ${min}`);
  if (b.length > max) throw refuse(`Member must have length less than or equal to ${max}`);
  return b;
}

export function ciphertext(input: Input, name = 'CiphertextBlob'): Buffer {
  const b = blob(input, name);
  if (b === undefined) throw constraintError('ValidationException', name, undefined, 'Member must not be null');
  const refuse = (constraint: string) => constraintError('ValidationException', name, undefined, constraint, { sensitive: true });
  if (b.length < 1) throw refuse('Member must have length greater than or equal to 1');
  if (b.length > 6144) throw refuse('Member must have length less than or equal to 6144');
  return b;
}

export function encryptionContext(input: Input, name = 'EncryptionContext'): EncryptionContext | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw constraintError('ValidationException', name, v, 'Member must be a map', { sensitive: true });
  const out: EncryptionContext = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = String(val);
  return out;
}

export function keyIdParam(input: Input, name = 'KeyId'): string {
  return str('ValidationException', input, name, { required: true, min: 1, max: 2048 });
}

export function optionalKeyId(input: Input, name: string): string | undefined {
  return str('ValidationException', input, name, { min: 1, max: 2048 });
}

export function enumParam<T extends string>(input: Input, name: string, values: readonly T[], shown: string): T | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw constraintError('ValidationException', name, v, `Member must satisfy enum value set: ${shown}`);
  }
  return v as T;
}

/** Limit/Marker paging of the List* operations; the marker is an opaque offset. */
export function kmsPage<T>(items: T[], input: Input): { page: T[]; Truncated: boolean; NextMarker?: string } {
  const limit = int('ValidationException', input, 'Limit', { min: 1, max: 1000 }) ?? 100;
  const start = Number(str('ValidationException', input, 'Marker') ?? 0) || 0;
  const slice = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  return truncated ? { page: slice, Truncated: true, NextMarker: String(start + limit) } : { page: slice, Truncated: false };
}
