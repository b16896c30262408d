/**
 * Source/AWS/S3: the configured object (latest version) becomes the output artifact, copied into the artifact store
 * as the acting principal, encrypted as artifacts are.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3.html
 * The revision is the object's version id (the source bucket must be versioned for S3 sources).
 * Known deviation: a missing object is reported with a wording of ours (no recorded AWS text).
 */
import { isAwsError } from '../../../core/errors.js';
import { getObject, writeArtifact } from '../artifacts.js';
import { ActionFailure, insufficientS3Permissions, isDenied, s3Error } from '../failures.js';
import type { ActionHandler } from './types.js';

export const s3Source: ActionHandler = async (env) => {
  const config = env.declaration.configuration ?? {};
  const bucket = config['S3Bucket']!;
  const key = config['S3ObjectKey']!;
  const output = env.declaration.outputArtifacts![0]!.name!;
  let object;
  try {
    object = await getObject(env.invoke, env.principal, bucket, key);
  } catch (e) {
    if (!isAwsError(e)) throw e;
    if (isDenied(e)) throw insufficientS3Permissions(bucket, e);
    if (e.code === 'NoSuchKey' || e.code === 'NoSuchBucket') {
      throw new ActionFailure(`The object with key '${key}' does not exist in the Amazon S3 bucket named ${bucket}. ${s3Error(e).message}`);
    }
    throw s3Error(e);
  }
  let location;
  try {
    location = await writeArtifact(env.invoke, env.principal, env.artifactStore, env.pipelineName, output, object.bytes);
  } catch (e) {
    if (isAwsError(e) && isDenied(e)) throw insufficientS3Permissions(env.artifactStore.location!, e);
    if (isAwsError(e)) throw s3Error(e);
    throw e;
  }
  return {
    externalExecutionId: object.versionId,
    summary: object.versionId ? `Amazon S3 version id: ${object.versionId}` : undefined,
    outputs: [{ name: output, location }],
    revision: { name: output, revisionId: object.versionId, created: object.lastModified },
  };
};
