/**
 * CloudFormation request members shared by several operations, read from the SDK's input types: the query
 * protocol coerces the wire into them by the SDK's model (harness/protocols/coerce.ts), and internal `invoke`
 * callers pass them as they are. The checks here are the ones CloudFormation makes beyond the types (lengths,
 * patterns, UsePreviousValue against the previous template).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
 */
import type { Capability, Parameter, Tag } from '@aws-sdk/client-cloudformation';
import type { AwsError } from '../../core/errors.js';
import { str } from '../params.js';
import type { OperationContext } from '../types.js';
import type { StackTag } from './store.js';
import { AccessDenied, ValidationError } from './errors.js';

const STACK_NAME = { min: 1, max: 128, pattern: /^[a-zA-Z][-a-zA-Z0-9]*$/, patternText: '[a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*' };

/** A new stack's name. */
export function newStackName(input: { StackName?: string }): string {
  return str('ValidationError', input, 'StackName', { required: true, ...STACK_NAME });
}

/** A stack's name or id, as DescribeStacks/UpdateStack/DeleteStack take it. */
export function stackRef(input: { StackName?: string }): string {
  return str('ValidationError', input, 'StackName', { required: true, min: 1 });
}

export interface GivenParameter {
  key: string;
  value?: string;
  usePrevious: boolean;
}

export function parameters(input: { Parameters?: Parameter[] }): GivenParameter[] {
  return (input.Parameters ?? []).map((p) => ({
    key: p.ParameterKey ?? '',
    ...(p.ParameterValue !== undefined ? { value: p.ParameterValue } : {}),
    usePrevious: p.UsePreviousValue ?? false,
  }));
}

/** ParameterKey → value, taking UsePreviousValue from the stack's previous values. */
export function parameterValues(given: GivenParameter[], previous: Record<string, string> = {}): Record<string, string> {
  // Keyed by request data: no prototype to find a `constructor` parameter in.
  const out = Object.create(null) as Record<string, string>;
  for (const p of given) {
    if (p.usePrevious) {
      const v = Object.hasOwn(previous, p.key) ? previous[p.key] : undefined;
      if (v === undefined) throw ValidationError(`Invalid input for parameter key ${p.key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
      out[p.key] = v;
    } else if (p.value !== undefined) {
      out[p.key] = p.value;
    }
  }
  return out;
}

export function capabilities(input: { Capabilities?: Capability[] }): string[] {
  return [...(input.Capabilities ?? [])];
}

export function tags(input: { Tags?: Tag[] }): StackTag[] {
  return (input.Tags ?? []).map((t) => ({ Key: String(t.Key), Value: t.Value ?? '' }));
}

export function roleArn(input: { RoleARN?: string }): string | undefined {
  return str('ValidationError', input, 'RoleARN', { min: 20, max: 2048 });
}

export function templateSource(input: { TemplateBody?: string; TemplateURL?: string }): { TemplateBody?: string; TemplateURL?: string } {
  const TemplateBody = str('ValidationError', input, 'TemplateBody', { min: 1, max: 51200 });
  const TemplateURL = str('ValidationError', input, 'TemplateURL', { min: 1, max: 5120 });
  return { ...(TemplateBody !== undefined ? { TemplateBody } : {}), ...(TemplateURL !== undefined ? { TemplateURL } : {}) };
}

export function callerAccount(ctx: OperationContext): string {
  const account = ctx.principal.account;
  if (!account || !ctx.world.account(account)) throw AccessDenied('CloudFormation requires credentials of a principal in one of the emulated accounts');
  return account;
}

export function stackArn(region: string, account: string, name: string, id: string): string {
  return `arn:aws:cloudformation:${region}:${account}:stack/${name}/${id}`;
}

/** DescribeStacks, GetTemplate and GetTemplateSummary naming no stack (LocalStack's AWS-validated snapshots). */
export function stackNotFound(name: string): AwsError {
  return ValidationError(`Stack with id ${name} does not exist`);
}

/** The other calls naming no stack: DescribeStackEvents, UpdateStack, the change-set calls (same snapshots). */
export function stackDoesNotExist(name: string): AwsError {
  return ValidationError(`Stack [${name}] does not exist`);
}
