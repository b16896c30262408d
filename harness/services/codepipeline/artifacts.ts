/**
 * Artifacts in the artifact store, moved through S3's own operations (ctx.invoke('s3', …)) as the acting principal.
 * Layout: `<pipeline name, first 20 chars>/<artifact name, first 20 chars>/<7 random characters>`; CodePipeline
 * truncates the pipeline folder to 20 characters (repost.aws QUI91tw7A9SUOMohJurNqmgA, "CodePipeline truncates
 * folder names in output artifact S3 bucket") and names the folder after a truncated output artifact name
 * (errors.jsonl E088: arn:aws:s3:::<bucket>/<pipeline>/<artifact>/<key>).
 * Encryption: SSE-KMS with the artifact store's key, or without a key id (S3 then uses the account's aws/s3 key)
 * when the store has none (ArtifactStore.encryptionKey in the API reference: "If this is undefined, the default key
 * for Amazon S3 is used").
 */
import { randomBytes } from 'node:crypto';
import type { ArtifactStore } from '@aws-sdk/client-codepipeline';
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { Principal } from '../../world/principal.js';
import { ActionFailure } from './failures.js';
import { isNotEmulated, type Invoke } from './sessions.js';
import type { S3Location } from './store.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function artifactKey(pipelineName: string, artifactName: string): string {
  const bytes = randomBytes(7);
  let suffix = '';
  for (const b of bytes) suffix += ALPHANUMERIC[b % ALPHANUMERIC.length];
  return `${pipelineName.slice(0, 20)}/${artifactName.slice(0, 20)}/${suffix}`;
}

/** S3's GetObject Body may come back as a Buffer, bytes, a string, a stream or an SDK stream mixin. */
export async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return strToU8(body);
  const withTransform = body as { transformToByteArray?: () => Promise<Uint8Array> };
  if (typeof withTransform.transformToByteArray === 'function') return withTransform.transformToByteArray();
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const c of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
    return Buffer.concat(chunks);
  }
  throw new Error(`unsupported S3 body type ${Object.prototype.toString.call(body)}`);
}

export interface S3Object {
  bytes: Uint8Array;
  versionId?: string;
  lastModified?: Date;
  etag?: string;
}

export const S3_NOT_EMULATED = 'Amazon S3 is not emulated yet';

/** S3 through the request path; a missing S3 service fails the action rather than the engine. */
async function s3<O>(invoke: Invoke, as: Principal, operation: string, input: Record<string, unknown>): Promise<O> {
  try {
    return await invoke<O>('s3', operation, input, { as });
  } catch (e) {
    if (isNotEmulated(e, 's3')) throw new ActionFailure(S3_NOT_EMULATED);
    throw e;
  }
}

export async function getObject(invoke: Invoke, as: Principal, bucket: string, key: string, versionId?: string): Promise<S3Object> {
  const out = await s3<{ Body?: unknown; VersionId?: string; LastModified?: Date; ETag?: string }>(invoke, as, 'GetObject', {
    Bucket: bucket,
    Key: key,
    ...(versionId ? { VersionId: versionId } : {}),
  });
  return { bytes: await bodyBytes(out.Body), versionId: out.VersionId, lastModified: out.LastModified, etag: out.ETag };
}

export interface PutOptions {
  acl?: string;
  kmsKeyId?: string;
  sse?: boolean;
  cacheControl?: string;
  contentType?: string;
}

export async function putObject(invoke: Invoke, as: Principal, bucket: string, key: string, bytes: Uint8Array, o: PutOptions = {}): Promise<void> {
  const input: Record<string, unknown> = { Bucket: bucket, Key: key, Body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), ContentLength: bytes.byteLength };
  if (o.sse) input['ServerSideEncryption'] = 'aws:kms';
  if (o.kmsKeyId) input['SSEKMSKeyId'] = o.kmsKeyId;
  if (o.acl) input['ACL'] = o.acl;
  if (o.cacheControl) input['CacheControl'] = o.cacheControl;
  if (o.contentType) input['ContentType'] = o.contentType;
  await s3(invoke, as, 'PutObject', input);
}

/** Writes an output artifact into the store, encrypted as CodePipeline encrypts artifacts. */
export async function writeArtifact(
  invoke: Invoke,
  as: Principal,
  store: ArtifactStore,
  pipelineName: string,
  artifactName: string,
  bytes: Uint8Array,
): Promise<S3Location> {
  const location = { bucket: store.location!, key: artifactKey(pipelineName, artifactName) };
  await putObject(invoke, as, location.bucket, location.key, bytes, { sse: true, kmsKeyId: store.encryptionKey?.id });
  return location;
}

/**
 * An action's reference to a file in an input artifact, `Artifact::path` (a CloudFormation action's TemplatePath,
 * TemplateConfiguration): the artifact's name ('' when the reference names none) and the path inside its zip.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html
 */
export function artifactFileRef(ref: string): { artifact: string; path: string } {
  const sep = ref.indexOf('::');
  return sep < 0 ? { artifact: '', path: ref } : { artifact: ref.slice(0, sep), path: ref.slice(sep + 2) };
}

export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  const files = unzipSync(bytes);
  // Directory entries carry no content and are not objects to deploy.
  for (const name of Object.keys(files)) if (name.endsWith('/')) delete files[name];
  return files;
}

export function zipFiles(files: Record<string, Uint8Array | string>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) entries[name] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(entries);
}
