/**
 * Lambda functions: CreateFunction, GetFunction, DeleteFunction.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html, API_GetFunction.html, API_DeleteFunction.html
 * The code (a zip, an S3 location or an image) is stored as given and never run; GetFunction answers where it is.
 * The function's resource-based policy decides calls from other accounts (access-control-resource-based.html).
 * Known deviations: no versions, aliases, layers or VPC checks; the function is Active at once; CodeSize is the
 * zip's size (0 for S3 code, which is not read); an S3 code location is not checked to exist.
 */
import { createHash } from 'node:crypto';
import type {
  CreateFunctionCommandInput,
  CreateFunctionCommandOutput,
  DeleteFunctionCommandInput,
  DeleteFunctionCommandOutput,
  FunctionConfiguration,
  GetFunctionCommandInput,
  GetFunctionCommandOutput,
} from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import type { Out } from '../../core/service.js';
import { str } from '../params.js';
import type { AuthCheck, Operation, OperationContext } from '../types.js';
import { functionNotFound, ResourceConflictException } from './errors.js';
import { assumeExecutionRole, passableRole, passRoleCheck } from './execution-role.js';
import { findFunction, functionRef, functionsStore, policyDocument, SERVICE, type FunctionRef, type LambdaFunction } from './store.js';

const FUNCTION_NAME = { required: true, min: 1, max: 140 } as const;

/** The function a call names, refused as Lambda refuses one that does not exist (before any authorization). */
export function existingFunction(ctx: OperationContext, id: string | undefined): LambdaFunction {
  const ref = functionRef(id ?? '', ctx.principal.account ?? '', ctx.region);
  const fn = findFunction(ctx.world, ref);
  if (!fn) throw functionNotFound(ref.arn);
  return fn;
}

/** The check of `action` on a function: its resource-based policy decides for other accounts. */
export function functionCheck(action: string, fn: LambdaFunction): AuthCheck {
  const document = policyDocument(fn);
  return {
    action: `${SERVICE}:${action}`,
    resource: fn.arn,
    resourceAccount: fn.account,
    resourcePolicy: document === undefined ? undefined : { kind: 'other', name: `resource-based policy of ${fn.arn}`, document },
  };
}

/** LastModified as Lambda writes it: `2023-02-26T02:41:49.878+0000`. */
function lastModified(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

interface NewFunction {
  ref: FunctionRef;
  role: string;
}

export const CreateFunction: Operation<CreateFunctionCommandInput, Out<CreateFunctionCommandOutput>, NewFunction> = {
  resolve(ctx, input) {
    const name = str('ValidationException', input, 'FunctionName', FUNCTION_NAME);
    const ref = functionRef(name, ctx.principal.account ?? '', ctx.region);
    if (findFunction(ctx.world, ref)) throw ResourceConflictException(`Function already exist: ${ref.name}`);
    const role = passableRole(str('ValidationException', input, 'Role', { required: true }), ref.account);
    return { ref, role };
  },
  authorize: (_ctx, _input, { ref, role }) => [{ action: `${SERVICE}:CreateFunction`, resource: ref.arn, resourceAccount: ref.account }, passRoleCheck(role)],
  async handler(ctx, input, { ref, role }) {
    await assumeExecutionRole(ctx, role, ref.name);
    const zip = input.Code?.ZipFile;
    const configuration: FunctionConfiguration = {
      FunctionName: ref.name,
      FunctionArn: ref.arn,
      Runtime: input.Runtime,
      Role: role,
      Handler: input.Handler,
      CodeSize: zip?.length ?? 0,
      Description: input.Description ?? '',
      Timeout: input.Timeout ?? 3,
      MemorySize: input.MemorySize ?? 128,
      LastModified: lastModified(ctx.now()),
      CodeSha256: createHash('sha256').update(zip ?? Buffer.alloc(0)).digest('base64'),
      Version: '$LATEST',
      Environment: input.Environment?.Variables ? { Variables: input.Environment.Variables } : undefined,
      TracingConfig: { Mode: input.TracingConfig?.Mode ?? 'PassThrough' },
      RevisionId: randomUUID(),
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: input.PackageType ?? 'Zip',
      Architectures: input.Architectures ?? ['x86_64'],
      EphemeralStorage: { Size: input.EphemeralStorage?.Size ?? 512 },
    };
    const account = ctx.world.account(ref.account)!;
    functionsStore(account, ref.region).functions.set(ref.name, {
      name: ref.name,
      arn: ref.arn,
      account: ref.account,
      region: ref.region,
      configuration,
      code: { ...input.Code },
      tags: input.Tags,
      statements: new Map(),
    });
    return configuration;
  },
};

export const GetFunction: Operation<GetFunctionCommandInput, Out<GetFunctionCommandOutput>, LambdaFunction> = {
  resolve: (ctx, input) => existingFunction(ctx, str('ValidationException', input, 'FunctionName', FUNCTION_NAME)),
  authorize: (_ctx, _input, fn) => functionCheck('GetFunction', fn),
  handler(ctx, _input, fn) {
    const code = fn.code.S3Bucket !== undefined
      ? { RepositoryType: 'S3', Location: `${ctx.endpoint}/${fn.code.S3Bucket}/${fn.code.S3Key ?? ''}` }
      : { RepositoryType: 'S3', Location: `${ctx.endpoint}/lambda-code/${fn.account}/${fn.name}` };
    return { Configuration: fn.configuration, Code: code, Tags: fn.tags };
  },
};

export const DeleteFunction: Operation<DeleteFunctionCommandInput, Out<DeleteFunctionCommandOutput>, LambdaFunction> = {
  resolve: (ctx, input) => existingFunction(ctx, str('ValidationException', input, 'FunctionName', FUNCTION_NAME)),
  authorize: (_ctx, _input, fn) => functionCheck('DeleteFunction', fn),
  handler(ctx, _input, fn) {
    functionsStore(ctx.world.account(fn.account)!, fn.region).functions.delete(fn.name);
    return {};
  },
};
