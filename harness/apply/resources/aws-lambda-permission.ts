/**
 * aws_lambda_permission -> Lambda AddPermission
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_permission): one statement
 * of the function's resource-based policy, its id `statement_id` (or one generated from `statement_id_prefix`).
 * Deviations: qualifier, event_source_token, function_url_auth_type and principal_org_id are not applied.
 */
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsLambdaPermission: ResourceMapper = {
  type: 'aws_lambda_permission',
  schema: {
    action: 'value',
    function_name: 'value',
    principal: 'value',
    statement_id: 'value',
    statement_id_prefix: 'value',
    source_arn: 'value',
    source_account: 'value',
    qualifier: 'ignored',
    event_source_token: 'ignored',
    function_url_auth_type: 'ignored',
    principal_org_id: 'ignored',
  },
  required: ['action', 'function_name', 'principal'],
  computed: ['id', 'statement_id'],
  async create(args, ctx) {
    const statementId = str(args, 'statement_id') ?? `${str(args, 'statement_id_prefix') ?? 'terraform-'}${randomUUID().replace(/-/g, '').slice(0, 26)}`;
    await ctx.clients.lambda.send(
      new AddPermissionCommand({
        FunctionName: reqStr(args, 'function_name'),
        StatementId: statementId,
        Action: reqStr(args, 'action'),
        Principal: reqStr(args, 'principal'),
        SourceArn: str(args, 'source_arn'),
        SourceAccount: str(args, 'source_account'),
      }),
    );
    return { id: statementId, statement_id: statementId };
  },
};
