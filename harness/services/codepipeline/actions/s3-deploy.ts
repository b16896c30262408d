/**
 * Deploy/AWS/S3: the input artifact, read from the artifact store as the acting principal, is extracted (or copied
 * as one object) into the deployment bucket, possibly in another account, with the CannedACL, CacheControl and
 * KMSEncryptionKeyARN options.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3Deploy.html
 * With Extract=true, ObjectKey (optional) is the deployment path the files go under.
 */
import { isAwsError } from '../../../core/errors.js';
import { putObject, unzip } from '../artifacts.js';
import { ActionFailure, deployBucketPutDenied, isDenied, s3Error } from '../failures.js';
import { inputArtifactBytes } from './input-artifacts.js';
import type { ActionHandler } from './types.js';

export const s3Deploy: ActionHandler = async (env) => {
  const config = env.declaration.configuration ?? {};
  const bucket = config['BucketName']!;
  const input = env.declaration.inputArtifacts![0]!.name!;
  const location = env.inputs.get(input)!;
  const bytes = await inputArtifactBytes(env, location);
  const files: Array<[string, Uint8Array]> = [];
  if (config['Extract'] === 'true') {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzip(bytes);
    } catch {
      throw new ActionFailure(`The input artifact ${input} is not a valid zip file and cannot be extracted`);
    }
    const prefix = config['ObjectKey'] ? `${config['ObjectKey'].replace(/\/+$/, '')}/` : '';
    for (const [name, content] of Object.entries(entries)) files.push([`${prefix}${name}`, content]);
  } else {
    files.push([config['ObjectKey']!, bytes]);
  }
  const kmsKey = config['KMSEncryptionKeyARN'];
  for (const [key, content] of files) {
    try {
      await putObject(env.invoke, env.principal, bucket, key, content, {
        acl: config['CannedACL'],
        cacheControl: config['CacheControl'],
        sse: kmsKey !== undefined,
        kmsKeyId: kmsKey,
      });
    } catch (e) {
      if (isAwsError(e) && isDenied(e)) throw deployBucketPutDenied();
      if (isAwsError(e)) throw s3Error(e);
      throw e;
    }
  }
  return { summary: `Deployed ${files.length} object(s) to s3://${bucket}` };
};
