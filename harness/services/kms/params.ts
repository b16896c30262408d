/**
 * KMS request parameters as the SDK's `XCommandInput` types them: the JSON protocol has already turned base64 into
 * bytes and JSON numbers into numbers (harness/protocols/coerce.ts); what stays here are the checks KMS itself
 * makes (lengths, enums, ranges) in Coral's validation wording ("1 validation error detected: …",
 * ValidationException). Plaintext lengths follow E019/E020 of errors.jsonl: KMS leaves the (sensitive) value out.
 * A service calling KMS internally is not coerced (core/service.ts, `invoke`): a value of the wrong type from it is
 * refused as the wire refuses one (SerializationException), never read as something else.
 */
import type { EncryptionContext } from './crypto.js';
import { SerializationException, ValidationException } from './errors.js';
import { int, str, type StringRule } from '../params.js';

/** One member through the shared Coral checks of ../params.ts, which read a member by name. */
export function text(name: string, value: string | undefined, rule: StringRule & { required: true }): string;
export function text(name: string, value: string | undefined, rule?: StringRule): string | undefined;
export function text(name: string, value: string | undefined, rule: StringRule = {}): string | undefined {
  return str('ValidationException', { [name]: value }, name, rule);
}

export function integer(name: string, value: number | undefined, rule: { min?: number; max?: number }): number | undefined {
  return int('ValidationException', { [name]: value }, name, rule);
}

export function blob(name: string, value: Uint8Array | undefined): Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(value instanceof Uint8Array)) throw SerializationException(name, 'blob', value);
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** A sensitive blob with length limits; the message omits the value, as KMS does for Plaintext. */
export function sensitiveBlob(name: string, value: Uint8Array | undefined, min: number, max: number): Buffer {
  const b = blob(name, value);
  const refuse = (constraint: string) => ValidationException.member(name, undefined, constraint, { sensitive: true });
  if (b === undefined) throw refuse('Member must not be null');
  if (b.length < min) throw refuse(`Member must have length greater than or equal to ${min}`);
  if (b.length > max) throw refuse(`Member must have length less than or equal to ${max}`);
  return b;
}

export function ciphertext(value: Uint8Array | undefined, name = 'CiphertextBlob'): Buffer {
  const b = blob(name, value);
  if (b === undefined) throw ValidationException.member(name, undefined, 'Member must not be null');
  const refuse = (constraint: string) => ValidationException.member(name, undefined, constraint, { sensitive: true });
  if (b.length < 1) throw refuse('Member must have length greater than or equal to 1');
  if (b.length > 6144) throw refuse('Member must have length less than or equal to 6144');
  return b;
}

/** A copy without a prototype, so no inherited name can ever read as a context entry. */
export function encryptionContext(value: Record<string, string> | undefined, name = 'EncryptionContext'): EncryptionContext | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw SerializationException(name, 'map', value);
  const out: EncryptionContext = Object.create(null) as EncryptionContext;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw SerializationException(name, 'string', v);
    out[k] = v;
  }
  return out;
}

export function keyIdParam(value: string | undefined, name = 'KeyId'): string {
  return text(name, value, { required: true, min: 1, max: 2048 });
}

export function optionalKeyId(value: string | undefined, name: string): string | undefined {
  return text(name, value, { min: 1, max: 2048 });
}

export function enumParam<T extends string>(name: string, value: string | undefined, values: readonly T[], shown: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(values as readonly string[]).includes(value)) throw ValidationException.member(name, value, `Member must satisfy enum value set: ${shown}`);
  return value as T;
}

/** Limit/Marker paging of the List* operations; the marker is an opaque offset. */
export function kmsPage<T>(
  items: T[],
  input: { Limit?: number; Marker?: string },
  limits: { max: number; default: number } = { max: 1000, default: 100 },
): { page: T[]; Truncated: boolean; NextMarker?: string } {
  const limit = integer('Limit', input.Limit, { min: 1, max: limits.max }) ?? limits.default;
  const start = Number(text('Marker', input.Marker) ?? 0) || 0;
  const slice = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  return truncated ? { page: slice, Truncated: true, NextMarker: String(start + limit) } : { page: slice, Truncated: false };
}
