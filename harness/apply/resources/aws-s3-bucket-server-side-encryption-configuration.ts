/**
 * aws_s3_bucket_server_side_encryption_configuration -> S3 PutBucketEncryption
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_server_side_encryption_configuration).
 * Deviations: none.
 */
import { PutBucketEncryptionCommand, type ServerSideEncryption } from '@aws-sdk/client-s3';
import { block, blocks, bool, reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsS3BucketServerSideEncryptionConfiguration: ResourceMapper = {
  type: 'aws_s3_bucket_server_side_encryption_configuration',
  schema: {
    bucket: 'value',
    expected_bucket_owner: 'value',
    rule: {
      block: {
        bucket_key_enabled: 'value',
        apply_server_side_encryption_by_default: { block: { sse_algorithm: 'value', kms_master_key_id: 'value' } },
      },
    },
  },
  required: ['bucket', 'rule'],
  computed: ['id'],
  async create(args, ctx) {
    const bucket = reqStr(args, 'bucket');
    const rules = blocks(args, 'rule').map((r) => {
      const def = block(r, 'apply_server_side_encryption_by_default');
      return {
        BucketKeyEnabled: bool(r, 'bucket_key_enabled'),
        ...(def
          ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: reqStr(def, 'sse_algorithm') as ServerSideEncryption, KMSMasterKeyID: str(def, 'kms_master_key_id') } }
          : {}),
      };
    });
    await ctx.clients.s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ExpectedBucketOwner: str(args, 'expected_bucket_owner'),
        ServerSideEncryptionConfiguration: { Rules: rules },
      }),
    );
    return { id: bucket };
  },
};
