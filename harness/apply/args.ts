/**
 * Reading evaluated Terraform arguments: optional scalars, nested blocks (cdktf writes a block as an object or a
 * list of objects), tags. Mirrors how the provider's schema reads `d.Get`/`d.GetOk`: an unset or null argument
 * is absent.
 * Deviations: type errors name the argument instead of Terraform's type-conversion wording.
 */
import type { Value } from './expressions.js';
import type { Args } from './types.js';

export class ArgumentError extends Error {}

export function str(a: Args, k: string): string | undefined {
  const v = a[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ArgumentError(`argument "${k}" must be a string`);
}

export function reqStr(a: Args, k: string): string {
  const v = str(a, k);
  if (v === undefined) throw new ArgumentError(`argument "${k}" is required`);
  return v;
}

export function bool(a: Args, k: string): boolean | undefined {
  const v = a[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new ArgumentError(`argument "${k}" must be a boolean`);
}

export function num(a: Args, k: string): number | undefined {
  const v = a[k];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new ArgumentError(`argument "${k}" must be a number`);
  return n;
}

export function list(a: Args, k: string): string[] | undefined {
  const v = a[k];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new ArgumentError(`argument "${k}" must be a list of strings`);
  return v.map((x) => {
    if (typeof x !== 'string') throw new ArgumentError(`argument "${k}" must be a list of strings`);
    return x;
  });
}

export function blocks(a: Args, k: string): Args[] {
  const v = a[k];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((b) => {
    if (b === null || typeof b !== 'object' || Array.isArray(b)) throw new ArgumentError(`block "${k}" must be an object`);
    return b as Args;
  });
}

export function block(a: Args, k: string): Args | undefined {
  const all = blocks(a, k);
  if (all.length > 1) throw new ArgumentError(`block "${k}" may appear at most once`);
  return all[0];
}

export function stringMap(a: Args, k: string): Record<string, string> | undefined {
  const v = a[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ArgumentError(`argument "${k}" must be a map of strings`);
  return Object.fromEntries(Object.entries(v).map(([key, val]: [string, Value]) => [key, val === null ? '' : String(val)]));
}

/** Tags as the IAM/KMS/S3 APIs take them. KMS names the fields TagKey/TagValue. */
export function tagList(a: Args): Array<{ Key: string; Value: string }> | undefined {
  const t = stringMap(a, 'tags');
  return t && Object.keys(t).length ? Object.entries(t).map(([Key, Value]) => ({ Key, Value })) : undefined;
}

/** name_prefix: Terraform appends a timestamp-based unique suffix; any unique suffix serves here. */
export function nameOrPrefix(a: Args, nameKey = 'name'): string {
  const name = str(a, nameKey);
  if (name !== undefined) return name;
  const prefix = str(a, `${nameKey}_prefix`);
  const suffix = `${Date.now().toString().padStart(20, '0')}${Math.floor(Math.random() * 1e6).toString().padStart(6, '0')}`.slice(-26);
  if (prefix !== undefined) return `${prefix}${suffix}`;
  return `terraform-${suffix}`;
}
