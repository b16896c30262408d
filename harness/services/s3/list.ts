/**
 * Listing: ListObjectsV2, ListObjects (v1) and ListObjectVersions, in UTF-8 binary key order, with prefix,
 * delimiter (CommonPrefixes count toward MaxKeys), pagination and EncodingType=url.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
 * Authorization: s3:ListBucket (s3:ListBucketVersions for versions) on the bucket with s3:prefix, s3:delimiter and
 * s3:max-keys as condition keys. Deviation: continuation tokens are the base64 of the last key (not opaque).
 */
import type { _Object } from '@aws-sdk/client-s3';
import type { OperationContext } from '../types.js';
import { ownerOutput } from './acl.js';
import { bucketCheck, resolveBucket } from './auth.js';
import { publicAclStandIn } from './public-acl.js';
import { InvalidArgument } from './errors.js';
import { encodingType, int32Param, requireNonNegative } from './limits.js';
import { currentVersion, type Bucket, type ObjectVersion } from './store.js';
import type { S3Input, S3Operation } from './operation-types.js';

/** The members every listing shares. */
type ListInput = S3Input<'ListObjects' | 'ListObjectsV2' | 'ListObjectVersions'>;

function listContext(input: ListInput): Record<string, string> {
  const c: Record<string, string> = { 's3:prefix': input.Prefix ?? '' };
  if (input.Delimiter !== undefined) c['s3:delimiter'] = input.Delimiter;
  if (input.MaxKeys !== undefined) c['s3:max-keys'] = String(input.MaxKeys);
  return c;
}

/** S3 parses max-keys before it judges the range, and names the member (maxKeys) only in the range refusal. */
function maxKeys(input: ListInput): number {
  return Math.min(requireNonNegative(int32Param('max-keys', input.MaxKeys, 1000), 'maxKeys'), 1000);
}

function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function sortedKeys(bucket: Bucket): string[] {
  return [...bucket.objects.keys()].sort(compareKeys);
}

function encode(value: string | undefined, encoding: string | undefined): string | undefined {
  if (value === undefined || encoding === undefined) return value;
  return encodeURIComponent(value).replace(/%2F/g, '/');
}

interface Page<T> {
  items: T[];
  prefixes: string[];
  truncated: boolean;
  /** The key (or prefix) listed last, for the next page's marker. */
  last?: string;
}

/** Walks entries in order, folding keys under a delimiter into CommonPrefixes; both count toward max. */
function paginate<T>(entries: Array<{ key: string; item: T }>, prefix: string, delimiter: string | undefined, max: number): Page<T> {
  const items: T[] = [];
  const prefixes: string[] = [];
  let count = 0;
  let last: string | undefined;
  for (let i = 0; i < entries.length; i++) {
    const { key, item } = entries[i]!;
    if (!key.startsWith(prefix)) continue;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = key.slice(0, at + delimiter.length);
        if (prefixes[prefixes.length - 1] === common) continue;
        if (count >= max) return { items, prefixes, truncated: true, last };
        prefixes.push(common);
        count++;
        last = common;
        continue;
      }
    }
    if (count >= max) return { items, prefixes, truncated: true, last };
    items.push(item);
    count++;
    last = key;
  }
  return { items, prefixes, truncated: false, last };
}

function liveEntries(bucket: Bucket, after: string | undefined): Array<{ key: string; item: ObjectVersion }> {
  const out: Array<{ key: string; item: ObjectVersion }> = [];
  for (const key of sortedKeys(bucket)) {
    if (after !== undefined && compareKeys(key, after) <= 0) continue;
    const v = currentVersion(bucket, key);
    if (v && !v.deleteMarker) out.push({ key, item: v });
  }
  return out;
}

/** Keys past a prefix marker must skip the whole prefix. */
function afterMarker(marker: string | undefined, delimiter: string | undefined): string | undefined {
  if (marker === undefined || marker === '') return undefined;
  if (delimiter && marker.endsWith(delimiter)) return marker + '\u{10FFFF}';
  return marker;
}

function contents(ctx: OperationContext, items: ObjectVersion[], encoding: string | undefined, withOwner: boolean): _Object[] {
  return items.map((v) => ({
    Key: encode(v.key, encoding),
    LastModified: v.lastModified,
    ETag: v.etag,
    // A list in the model (flattened): one element per algorithm, and an object has at most one.
    ChecksumAlgorithm: v.checksum ? [v.checksum.algorithm] : undefined,
    ChecksumType: v.checksum?.type,
    Size: v.size,
    Owner: withOwner ? ownerOutput(ctx.world, v.ownerAccount) : undefined,
    StorageClass: 'STANDARD',
  }));
}

export const ListObjectsV2: S3Operation<'ListObjectsV2', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, input, bucket) => ({ ...bucketCheck(ctx, bucket, 's3:ListBucket', listContext(input)), ...publicAclStandIn(ctx, bucket, bucket.acl, 'READ') }),
  handler(ctx, input, bucket) {
    const prefix = input.Prefix ?? '';
    const delimiter = input.Delimiter || undefined;
    const max = maxKeys(input);
    let after: string | undefined = input.StartAfter || undefined;
    if (input.ContinuationToken !== undefined) {
      after = Buffer.from(input.ContinuationToken, 'base64url').toString('utf8');
      if (after === '') throw InvalidArgument('The continuation token provided is incorrect', 'continuation-token', input.ContinuationToken);
    }
    const page = paginate(liveEntries(bucket, afterMarker(after, delimiter)), prefix, delimiter, max);
    const encoding = encodingType(input.EncodingType);
    return {
      Name: bucket.name,
      Prefix: encode(prefix, encoding),
      Delimiter: encode(delimiter, encoding),
      MaxKeys: max,
      KeyCount: page.items.length + page.prefixes.length,
      IsTruncated: page.truncated,
      EncodingType: encoding,
      ContinuationToken: input.ContinuationToken,
      NextContinuationToken: page.truncated && page.last ? Buffer.from(page.last).toString('base64url') : undefined,
      StartAfter: encode(input.StartAfter, encoding),
      Contents: contents(ctx, page.items, encoding, input.FetchOwner === true),
      CommonPrefixes: page.prefixes.map((p) => ({ Prefix: encode(p, encoding) })),
    };
  },
};

export const ListObjects: S3Operation<'ListObjects', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, input, bucket) => ({ ...bucketCheck(ctx, bucket, 's3:ListBucket', listContext(input)), ...publicAclStandIn(ctx, bucket, bucket.acl, 'READ') }),
  handler(ctx, input, bucket) {
    const prefix = input.Prefix ?? '';
    const delimiter = input.Delimiter || undefined;
    const max = maxKeys(input);
    const page = paginate(liveEntries(bucket, afterMarker(input.Marker, delimiter)), prefix, delimiter, max);
    const encoding = encodingType(input.EncodingType);
    return {
      Name: bucket.name,
      Prefix: encode(prefix, encoding),
      Marker: encode(input.Marker ?? '', encoding),
      NextMarker: page.truncated && delimiter ? encode(page.last, encoding) : undefined,
      Delimiter: encode(delimiter, encoding),
      MaxKeys: max,
      IsTruncated: page.truncated,
      EncodingType: encoding,
      Contents: contents(ctx, page.items, encoding, true),
      CommonPrefixes: page.prefixes.map((p) => ({ Prefix: encode(p, encoding) })),
    };
  },
};

export const ListObjectVersions: S3Operation<'ListObjectVersions', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, input, bucket) => bucketCheck(ctx, bucket, 's3:ListBucketVersions', listContext(input)),
  handler(ctx, input, bucket) {
    const prefix = input.Prefix ?? '';
    const delimiter = input.Delimiter || undefined;
    const max = maxKeys(input);
    const keyMarker: string | undefined = input.KeyMarker || undefined;
    const versionMarker: string | undefined = input.VersionIdMarker || undefined;
    const entries: Array<{ key: string; item: { v: ObjectVersion; latest: boolean } }> = [];
    for (const key of sortedKeys(bucket)) {
      const versions = [...(bucket.objects.get(key) ?? [])].reverse();
      let skipping = false;
      if (keyMarker !== undefined) {
        const cmp = compareKeys(key, keyMarker);
        if (cmp < 0 || (cmp === 0 && versionMarker === undefined)) continue;
        skipping = cmp === 0;
      }
      versions.forEach((v, i) => {
        if (skipping) {
          if (v.versionId === versionMarker) skipping = false;
          return;
        }
        entries.push({ key, item: { v, latest: i === 0 } });
      });
    }
    const page = paginate(entries, prefix, delimiter, max);
    const lastItem = page.items[page.items.length - 1];
    const encoding = encodingType(input.EncodingType);
    const owner = (v: ObjectVersion) => ownerOutput(ctx.world, v.ownerAccount);
    return {
      Name: bucket.name,
      Prefix: encode(prefix, encoding),
      KeyMarker: encode(keyMarker ?? '', encoding),
      VersionIdMarker: versionMarker ?? '',
      NextKeyMarker: page.truncated ? encode(lastItem?.v.key ?? page.last, encoding) : undefined,
      NextVersionIdMarker: page.truncated && lastItem ? lastItem.v.versionId : undefined,
      MaxKeys: max,
      Delimiter: encode(delimiter, encoding),
      IsTruncated: page.truncated,
      EncodingType: encoding,
      Versions: page.items
        .filter((e) => !e.v.deleteMarker)
        .map(({ v, latest }) => ({
          Key: encode(v.key, encoding),
          VersionId: v.versionId,
          IsLatest: latest,
          LastModified: v.lastModified,
          ETag: v.etag,
          Size: v.size,
          Owner: owner(v),
          StorageClass: 'STANDARD',
        })),
      DeleteMarkers: page.items
        .filter((e) => e.v.deleteMarker)
        .map(({ v, latest }) => ({ Key: encode(v.key, encoding), VersionId: v.versionId, IsLatest: latest, LastModified: v.lastModified, Owner: owner(v) })),
      CommonPrefixes: page.prefixes.map((p) => ({ Prefix: encode(p, encoding) })),
    };
  },
};
