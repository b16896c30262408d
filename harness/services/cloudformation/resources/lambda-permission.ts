/**
 * AWS::Lambda::Permission: AddPermission on the function (by name or ARN) as the stack's acting principal; every
 * property change replaces it, as AWS documents for this type. Ref returns the statement id CloudFormation
 * generates (the physical id); the type has no Fn::GetAtt attributes.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-permission.html
 * Failure wording: registry handler form, service label Lambda.
 * Known deviations: EventSourceToken, FunctionUrlAuthType and PrincipalOrgID are not applied.
 */
import type { AddPermissionCommandInput } from '@aws-sdk/client-lambda';
import type { ResourceMapper } from './types.js';
import { requiredText, text } from './values.js';

/** The statement id and function are kept in the physical id, so delete needs nothing else. */
const SEPARATOR = '|';

export const lambdaPermission: ResourceMapper = {
  type: 'AWS::Lambda::Permission',
  service: 'lambda',
  failureStyle: { kind: 'handler', serviceLabel: 'Lambda' },
  replaceOn: ['Action', 'EventSourceToken', 'FunctionName', 'FunctionUrlAuthType', 'Principal', 'PrincipalOrgID', 'SourceAccount', 'SourceArn'],
  required: ['Action', 'FunctionName', 'Principal'],
  attributes: [],
  async create(ctx, props) {
    const FunctionName = requiredText(props, 'FunctionName');
    const StatementId = ctx.generatedName({ max: 100 });
    const input: AddPermissionCommandInput = {
      FunctionName,
      StatementId,
      Action: requiredText(props, 'Action'),
      Principal: requiredText(props, 'Principal'),
      SourceArn: text(props, 'SourceArn'),
      SourceAccount: text(props, 'SourceAccount'),
    };
    await ctx.call('lambda', 'AddPermission', input);
    return { physicalId: `${FunctionName}${SEPARATOR}${StatementId}`, attributes: {} };
  },
  update: async (_ctx, physicalId) => ({ physicalId, attributes: {} }),
  async delete(ctx, physicalId) {
    const at = physicalId.lastIndexOf(SEPARATOR);
    await ctx.call('lambda', 'RemovePermission', { FunctionName: physicalId.slice(0, at), StatementId: physicalId.slice(at + 1) });
  },
};
