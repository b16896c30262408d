/**
 * A function's resource-based policy: AddPermission, RemovePermission, GetPolicy.
 * https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html, API_RemovePermission.html, API_GetPolicy.html
 * AddPermission writes one statement as Lambda writes it: an account id principal becomes
 * `{"AWS":"arn:aws:iam::<id>:root"}`, a service principal `{"Service":…}`, `*` stays `*`; SourceArn and
 * SourceAccount become `ArnLike AWS:SourceArn` and `StringEquals AWS:SourceAccount` conditions
 * (access-control-resource-based.html shows such statements).
 * Known deviations: qualifiers, RevisionId checks, PrincipalOrgID and function URL auth types are not applied.
 */
import type {
  AddPermissionCommandInput,
  AddPermissionCommandOutput,
  GetPolicyCommandInput,
  GetPolicyCommandOutput,
  RemovePermissionCommandInput,
  RemovePermissionCommandOutput,
} from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import type { Out } from '../../core/service.js';
import { str } from '../params.js';
import type { Operation } from '../types.js';
import { ResourceConflictException, ResourceNotFoundException } from './errors.js';
import { existingFunction, functionCheck } from './functions.js';
import { policyDocument, type LambdaFunction, type PolicyStatement } from './store.js';

const FUNCTION_NAME = { required: true, min: 1, max: 140 } as const;

function principalOf(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

function statementOf(fn: LambdaFunction, input: AddPermissionCommandInput, sid: string, action: string, principal: string): PolicyStatement {
  const condition: Record<string, Record<string, string>> = {};
  if (input.SourceAccount) condition['StringEquals'] = { 'AWS:SourceAccount': input.SourceAccount };
  if (input.SourceArn) condition['ArnLike'] = { 'AWS:SourceArn': input.SourceArn };
  const statement: PolicyStatement = { Sid: sid, Effect: 'Allow', Principal: principalOf(principal), Action: action, Resource: fn.arn };
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  return statement;
}

export const AddPermission: Operation<AddPermissionCommandInput, Out<AddPermissionCommandOutput>, LambdaFunction> = {
  resolve: (ctx, input) => existingFunction(ctx, str('ValidationException', input, 'FunctionName', FUNCTION_NAME)),
  authorize: (_ctx, _input, fn) => functionCheck('AddPermission', fn),
  handler(_ctx, input, fn) {
    const sid = str('ValidationException', input, 'StatementId', { required: true, min: 1, max: 100 });
    const action = str('ValidationException', input, 'Action', { required: true });
    const principal = str('ValidationException', input, 'Principal', { required: true });
    if (fn.statements.has(sid)) {
      throw ResourceConflictException(`The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
    }
    const statement = statementOf(fn, input, sid, action, principal);
    fn.statements.set(sid, statement);
    fn.configuration.RevisionId = randomUUID();
    return { Statement: JSON.stringify(statement) };
  },
};

export const RemovePermission: Operation<RemovePermissionCommandInput, Out<RemovePermissionCommandOutput>, LambdaFunction> = {
  resolve: (ctx, input) => existingFunction(ctx, str('ValidationException', input, 'FunctionName', FUNCTION_NAME)),
  authorize: (_ctx, _input, fn) => functionCheck('RemovePermission', fn),
  handler(_ctx, input, fn) {
    const sid = str('ValidationException', input, 'StatementId', { required: true });
    if (!fn.statements.delete(sid)) throw ResourceNotFoundException(`Statement ${sid} is not found in resource policy.`);
    fn.configuration.RevisionId = randomUUID();
    return {};
  },
};

export const GetPolicy: Operation<GetPolicyCommandInput, Out<GetPolicyCommandOutput>, LambdaFunction> = {
  resolve: (ctx, input) => existingFunction(ctx, str('ValidationException', input, 'FunctionName', FUNCTION_NAME)),
  authorize: (_ctx, _input, fn) => functionCheck('GetPolicy', fn),
  handler(_ctx, _input, fn) {
    const Policy = policyDocument(fn);
    if (Policy === undefined) throw ResourceNotFoundException('The resource you requested does not exist.');
    return { Policy, RevisionId: fn.configuration.RevisionId };
  },
};
