/**
 * Parameter checks worded as AWS's Coral-based services word them:
 * "1 validation error detected: Value '<v>' at '<member>' failed to satisfy constraint: Member must …".
 * Query-protocol inputs arrive as strings; these helpers coerce and validate in one place.
 */
import { AwsError } from '../core/errors.js';

export type ErrorCode = 'ValidationError' | 'ValidationException';

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function constraintError(code: ErrorCode, member: string, value: unknown, constraint: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  const at = `'${lowerFirst(member)}'`;
  const valuePart = value === undefined || value === null ? `Value null at ${at}` : `Value ${shown} at ${at}`;
  return new AwsError(code, 400, `1 validation error detected: ${valuePart} failed to satisfy constraint: ${constraint}`);
}

export interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  patternText?: string;
}

export function str(code: ErrorCode, input: Record<string, unknown>, name: string, rule: StringRule & { required: true }): string;
export function str(code: ErrorCode, input: Record<string, unknown>, name: string, rule?: StringRule): string | undefined;
export function str(code: ErrorCode, input: Record<string, unknown>, name: string, rule: StringRule = {}): string | undefined {
  const v = input[name];
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

export function int(code: ErrorCode, input: Record<string, unknown>, name: string, rule: { min?: number; max?: number } = {}): number | undefined {
  const v = input[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw constraintError(code, name, v, 'Member must be an integer');
  if (rule.min !== undefined && n < rule.min) throw constraintError(code, name, n, `Member must have value greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && n > rule.max) throw constraintError(code, name, n, `Member must have value less than or equal to ${rule.max}`);
  return n;
}

export function bool(input: Record<string, unknown>, name: string): boolean | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  return v === true || v === 'true';
}

export function list<T = unknown>(input: Record<string, unknown>, name: string): T[] {
  const v = input[name];
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}
