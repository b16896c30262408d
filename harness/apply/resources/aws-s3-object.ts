/**
 * aws_s3_object -> S3 PutObject from content, content_base64 or a local file (source)
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_object).
 * Deviations: acl, object lock and website redirect arguments are not supported; source paths are read
 * relative to the applied directory.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PutObjectCommand, type ServerSideEncryption } from '@aws-sdk/client-s3';
import { ArgumentError, bool, reqStr, str, stringMap } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsS3Object: ResourceMapper = {
  type: 'aws_s3_object',
  schema: {
    bucket: 'value',
    key: 'value',
    content: 'value',
    content_base64: 'value',
    source: 'value',
    content_type: 'value',
    content_encoding: 'value',
    cache_control: 'value',
    metadata: 'value',
    server_side_encryption: 'value',
    kms_key_id: 'value',
    bucket_key_enabled: 'value',
    tags: 'value',
    etag: 'ignored',
    source_hash: 'ignored',
    force_destroy: 'ignored',
  },
  required: ['bucket', 'key'],
  computed: ['id', 'etag', 'version_id', 'arn'],
  async create(args, ctx) {
    const bucket = reqStr(args, 'bucket');
    const key = reqStr(args, 'key');
    const sources = ['content', 'content_base64', 'source'].filter((k) => str(args, k) !== undefined);
    if (sources.length > 1) throw new ArgumentError(`only one of content, content_base64 and source may be set, got ${sources.join(', ')}`);
    const body = str(args, 'content') !== undefined
      ? Buffer.from(str(args, 'content')!, 'utf8')
      : str(args, 'content_base64') !== undefined
        ? Buffer.from(str(args, 'content_base64')!, 'base64')
        : str(args, 'source') !== undefined
          ? readFileSync(resolve(ctx.baseDir, str(args, 'source')!))
          : Buffer.alloc(0);
    const tags = stringMap(args, 'tags');
    const out = await ctx.clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: str(args, 'content_type'),
        ContentEncoding: str(args, 'content_encoding'),
        CacheControl: str(args, 'cache_control'),
        Metadata: stringMap(args, 'metadata'),
        ServerSideEncryption: str(args, 'server_side_encryption') as ServerSideEncryption | undefined,
        SSEKMSKeyId: str(args, 'kms_key_id'),
        BucketKeyEnabled: bool(args, 'bucket_key_enabled'),
        Tagging: tags ? new URLSearchParams(tags).toString() : undefined,
      }),
    );
    return {
      id: key,
      arn: `arn:${ctx.partition}:s3:::${bucket}/${key}`,
      etag: typeof out.ETag === 'string' ? out.ETag.replace(/"/g, '') : null,
      version_id: out.VersionId ?? null,
    };
  },
};
