/**
 * AWS::KMS::Alias: CreateAlias; a new TargetKeyId is an UpdateAlias, a new AliasName replaces the alias.
 * Ref returns the alias name.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-alias.html
 * Failure wording: registry handler form (errors.jsonl E081, Service: Kms).
 */
import type { ResourceMapper } from './types.js';
import { requiredText } from './values.js';

export const kmsAlias: ResourceMapper = {
  type: 'AWS::KMS::Alias',
  service: 'kms',
  failureStyle: { kind: 'handler', serviceLabel: 'Kms' },
  replaceOn: ['AliasName'],
  required: ['AliasName', 'TargetKeyId'],
  attributes: [],
  async create(ctx, props) {
    const AliasName = requiredText(props, 'AliasName');
    await ctx.call('kms', 'CreateAlias', { AliasName, TargetKeyId: requiredText(props, 'TargetKeyId') });
    return { physicalId: AliasName, attributes: {} };
  },
  async update(ctx, AliasName, props) {
    await ctx.call('kms', 'UpdateAlias', { AliasName, TargetKeyId: requiredText(props, 'TargetKeyId') });
    return { physicalId: AliasName, attributes: {} };
  },
  async delete(ctx, AliasName) {
    await ctx.call('kms', 'DeleteAlias', { AliasName });
  },
};
