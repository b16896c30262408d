/**
 * Terraform JSON's block shapes as the planner reads them: at most levels an object or a list of objects is
 * allowed, and both declare the same entries.
 * https://developer.hashicorp.com/terraform/language/syntax/json
 */

export type Json = Record<string, unknown>;

/** Records a configuration problem against the address it concerns; planning goes on to find the others. */
export type AddProblem = (address: string, message: string) => void;

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export function entries(v: unknown): Array<[string, unknown]> {
  if (Array.isArray(v)) return v.flatMap(entries);
  return isObject(v) ? Object.entries(v) : [];
}

export function bodies(v: unknown): Json[] {
  if (Array.isArray(v)) return v.flatMap(bodies);
  return isObject(v) ? [v] : [];
}
