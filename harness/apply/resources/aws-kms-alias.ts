/**
 * aws_kms_alias -> KMS CreateAlias (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_alias).
 * Deviations: none.
 */
import { CreateAliasCommand } from '@aws-sdk/client-kms';
import { nameOrPrefix, reqStr } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsKmsAlias: ResourceMapper = {
  type: 'aws_kms_alias',
  schema: { name: 'value', name_prefix: 'value', target_key_id: 'value' },
  required: ['target_key_id'],
  computed: ['arn', 'id', 'name', 'target_key_arn'],
  async create(args, ctx) {
    const name = nameOrPrefix(args);
    const target = reqStr(args, 'target_key_id');
    await ctx.clients.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: target }));
    const keyId = target.startsWith('arn:') ? target.slice(target.lastIndexOf('/') + 1) : target;
    return {
      arn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:${name}`,
      id: name,
      name,
      target_key_id: keyId,
      target_key_arn: target.startsWith('arn:') ? target : `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/${keyId}`,
    };
  },
};
