/**
 * Reading resolved template properties the way CloudFormation's handlers coerce them: policy documents may be
 * JSON objects or strings, booleans and numbers may arrive as strings, lists may be absent.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-iam-role.html (PolicyDocument "Type: Json")
 */
import type { TemplateValue } from '../template/index.js';
import { ResourceInputFailure } from './failure.js';
import type { Properties } from './types.js';

export function text(props: Properties, name: string): string | undefined {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') throw new ResourceInputFailure(`Properties validation failed for resource: Value of property ${name} must be of type String`);
  return String(v);
}

/** An Integer property: a JSON number, or a string of decimal digits (parameters and Fn::Sub yield strings). */
export function integer(props: Properties, name: string): number | undefined {
  const v = text(props, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new ResourceInputFailure(`Properties validation failed for resource: Value of property ${name} must be of type Integer`);
  return Number(v);
}

export function requiredText(props: Properties, name: string): string {
  const v = text(props, name);
  if (v === undefined) throw new ResourceInputFailure(`Properties validation failed for resource: Required property [${name}] not found`);
  return v;
}

export function document(value: TemplateValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function items<T = TemplateValue>(props: Properties, name: string): T[] {
  const v = props[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}

export function flag(value: TemplateValue | undefined): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  return value === true || value === 'true';
}

export function same(a: TemplateValue | undefined, b: TemplateValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function tagList(props: Properties): Array<{ Key: string; Value: string }> {
  return items<Record<string, TemplateValue>>(props, 'Tags').map((t) => ({ Key: String(t['Key']), Value: String(t['Value'] ?? '') }));
}
