/**
 * Lambda's state: functions per account and Region, each with its configuration, its code as uploaded (a zip or an
 * S3 location, stored and never run) and its resource-based policy, the statements AddPermission writes.
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
 * A function named by name is the caller's account's in the request's Region; by ARN (full or partial,
 * `123456789012:function:name`) it is the named account's, so a call can reach another account's function.
 * Scenario-supplied handlers (TypeScript functions standing in for the function's code) live beside the function.
 * Known deviations: versions and aliases are not kept (every function is `$LATEST`).
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Account, World } from '../../world/world.js';
import type { LambdaHandler } from './handlers.js';

/** The SigV4 signing name and IAM action prefix. */
export const SERVICE = 'lambda';
/** The service principal that assumes a function's execution role. */
export const LAMBDA_PRINCIPAL = 'lambda.amazonaws.com';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: '*' | { AWS: string } | { Service: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface LambdaFunction {
  name: string;
  arn: string;
  account: string;
  region: string;
  configuration: FunctionConfiguration;
  code: { ZipFile?: Uint8Array; S3Bucket?: string; S3Key?: string; S3ObjectVersion?: string; ImageUri?: string };
  tags?: Record<string, string>;
  /** The resource-based policy's statements by Sid, in the order they were added. */
  statements: Map<string, PolicyStatement>;
  handler?: LambdaHandler;
}

export interface FunctionsStore {
  functions: Map<string, LambdaFunction>;
}

export function functionsStore(account: Account, region: string): FunctionsStore {
  return account.store<FunctionsStore>(SERVICE, region, () => ({ functions: new Map() }));
}

export function functionArn(region: string, account: string, name: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`;
}

/** A function name, partial ARN or full ARN (qualifier dropped), and where it is. */
export interface FunctionRef {
  name: string;
  account: string;
  region: string;
  arn: string;
}

const FULL_ARN = /^arn:aws[\w-]*:lambda:([a-z0-9-]+):(\d{12}):function:([\w-]+)(?::[\w$-]+)?$/;
const PARTIAL_ARN = /^(\d{12}):function:([\w-]+)(?::[\w$-]+)?$/;

export function functionRef(id: string, callerAccount: string, region: string): FunctionRef {
  const full = FULL_ARN.exec(id);
  if (full) return { region: full[1]!, account: full[2]!, name: full[3]!, arn: functionArn(full[1]!, full[2]!, full[3]!) };
  const partial = PARTIAL_ARN.exec(id);
  const [account, name] = partial ? [partial[1]!, partial[2]!] : [callerAccount, id.split(':')[0]!];
  return { name, account, region, arn: functionArn(region, account, name) };
}

export function findFunction(world: World, ref: FunctionRef): LambdaFunction | undefined {
  const account = world.account(ref.account);
  return account ? functionsStore(account, ref.region).functions.get(ref.name) : undefined;
}

/** The function's resource-based policy as GetPolicy answers it, or undefined without statements. */
export function policyDocument(fn: LambdaFunction): string | undefined {
  if (fn.statements.size === 0) return undefined;
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [...fn.statements.values()] });
}
