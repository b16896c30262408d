/**
 * Parameter checks worded as AWS's Coral-based services word them:
 * "1 validation error detected: Value '<v>' at '<member>' failed to satisfy constraint: Member must …".
 * A service that declares the SDK's model gets typed inputs (the protocol coerced them, harness/protocols/coerce.ts),
 * and these helpers judge only the constraints; without a model, query-protocol inputs arrive as strings and these
 * helpers read and validate them in one place.
 * Scalars that do not parse are refused before any constraint is judged, as Coral's deserializers refuse them:
 * - query protocol: 400 MalformedInput. Booleans take true/false/1/0 ("boolean must follow xsd1.1 definition",
 *   "missing value for boolean type"); integers take decimal digits that fit 32 bits ("1e3", "1.5", " 5" are
 *   refused; the message "Invalid Argument." is the closest recorded one, see test/bad-input.test.ts);
 * - JSON protocol: 400 SerializationException when a member is not a JSON number, worded by the JSON token found
 *   ("STRING_VALUE can not be converted to an Integer", "TRUE_VALUE …", "Start of structure or map found where
 *   not expected."): the Coral deserializer's wording as Athena and SQS answer it (measured against AWS by the
 *   fakes that reproduce it; no recorded KMS response of this case was found).
 */
import { constraintError, MalformedInput, SerializationException, type ValidationCode } from './param-errors.js';

export interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  patternText?: string;
}

/** A member of a decoded input: the SDK's `XCommandInput` of a service with a model, raw wire values without one. */
function member<T extends object>(input: T, name: keyof T & string): unknown {
  return Object.hasOwn(input, name) ? (input as Record<string, unknown>)[name] : undefined;
}

export function str<T extends object>(code: ValidationCode, input: T, name: keyof T & string, rule: StringRule & { required: true }): string;
export function str<T extends object>(code: ValidationCode, input: T, name: keyof T & string, rule?: StringRule): string | undefined;
export function str<T extends object>(code: ValidationCode, input: T, name: keyof T & string, rule: StringRule = {}): string | undefined {
  const v = member(input, name);
  if (v === undefined || v === null) {
    if (rule.required) throw constraintError(code, name, undefined, 'Member must not be null');
    return undefined;
  }
  if (typeof v !== 'string') throw constraintError(code, name, JSON.stringify(v), 'Member must be a string');
  if (rule.min !== undefined && v.length < rule.min) {
    throw constraintError(code, name, v, `Member must have length greater than or equal to ${rule.min}`);
  }
  if (rule.max !== undefined && v.length > rule.max) {
    throw constraintError(code, name, v, `Member must have length less than or equal to ${rule.max}`);
  }
  if (rule.pattern && !rule.pattern.test(v)) {
    throw constraintError(code, name, v, `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
  }
  return v;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** An integer as the protocol carries it: decimal digits in a query string, a JSON number in JSON. */
function parseInteger(code: ValidationCode, v: unknown): number {
  if (code === 'ValidationError') {
    const n = typeof v === 'number' ? v : /^-?\d{1,10}$/.test(String(v)) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < INT32_MIN || n > INT32_MAX) throw MalformedInput('Invalid Argument.');
    return n;
  }
  if (typeof v !== 'number') throw SerializationException(notAnInteger(v));
  return v;
}

function notAnInteger(v: unknown): string {
  if (Array.isArray(v)) return 'Start of list found where not expected';
  if (typeof v === 'object') return 'Start of structure or map found where not expected.';
  const token = typeof v === 'boolean' ? (v ? 'TRUE_VALUE' : 'FALSE_VALUE') : 'STRING_VALUE';
  return `${token} can not be converted to an Integer`;
}

export function int<T extends object>(code: ValidationCode, input: T, name: keyof T & string, rule: { min?: number; max?: number } = {}): number | undefined {
  const v = member(input, name);
  if (v === undefined || v === null) return undefined;
  if (v === '' && code === 'ValidationError') return undefined;
  const n = parseInteger(code, v);
  if (!Number.isInteger(n)) throw constraintError(code, name, v, 'Member must be an integer');
  if (rule.min !== undefined && n < rule.min) throw constraintError(code, name, n, `Member must have value greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && n > rule.max) throw constraintError(code, name, n, `Member must have value less than or equal to ${rule.max}`);
  return n;
}

export function bool<T extends object>(input: T, name: keyof T & string): boolean | undefined {
  const v = member(input, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  const text = String(v);
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw MalformedInput(text === '' ? 'missing value for boolean type' : 'boolean must follow xsd1.1 definition');
}

export function list<T = unknown, I extends object = Record<string, unknown>>(input: I, name: keyof I & string): T[] {
  const v = member(input, name);
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}
