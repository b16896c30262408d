/**
 * S3's routes: every operation of the SDK's model, selected by the method, path shape and subresource its HTTP traits
 * declare (sdk-routes.ts); where each member travels, in and out, is the model's too (protocols/coerce-rest.ts,
 * protocols/rest-xml-output.ts), so no binding is written here. The operations the emulator implements are the
 * table in service.ts, keyed by S3OperationName: only names of the SDK's model compile, and each has its route.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
 * Virtual-hosted style: <bucket>.s3.amazonaws.com, <bucket>.s3.<region>.amazonaws.com, <bucket>.localhost and
 * <bucket>.s3.localhost.localstack.cloud carry the bucket in the Host header.
 */
import type { RestMatch, RestRoute } from '../../protocols/rest-xml.js';
import { routesFromModel, S3_MODEL, subresourcesOf } from './sdk-routes.js';

/**
 * Where S3 answers another status than its model's `http` code: 204 for PutBucketPolicy and PutBucketTagging (the
 * responses in https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html#API_PutBucketPolicy_Examples
 * and https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html#API_PutBucketTagging_Examples), and
 * 206 for a ranged read (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
 */
export function s3Status(operation: string, output: Readonly<Record<string, unknown>>): number | undefined {
  if (operation === 'PutBucketPolicy' || operation === 'PutBucketTagging') return 204;
  if ((operation === 'GetObject' || operation === 'HeadObject') && output['ContentRange'] !== undefined) return 206;
  return undefined;
}

/**
 * Browser-based uploads (POST to a bucket with an HTML form, https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html)
 * are S3 functionality outside the SDK's model; the emulator lacks them too, so they are refused as not implemented.
 */
const POST_OBJECT: RestMatch = { operation: 'PostObject', method: 'POST', target: 'bucket' };

/** Every operation of the SDK's S3 model, and PostObject. */
export const S3_ROUTES: RestRoute[] = routesFromModel(S3_MODEL, [POST_OBJECT]);

export const S3_SUBRESOURCES: ReadonlySet<string> = subresourcesOf(S3_MODEL);

/** The bucket named by a virtual-hosted-style Host header, if any. */
export function bucketFromHost(hostname: string): string | undefined {
  const h = hostname.toLowerCase();
  const aws = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(h);
  if (aws) return aws[1];
  const local = /^(.+)\.s3\.localhost\.localstack\.cloud$/.exec(h) ?? /^(.+)\.localhost$/.exec(h);
  if (local && local[1] !== 's3') return local[1];
  return undefined;
}
