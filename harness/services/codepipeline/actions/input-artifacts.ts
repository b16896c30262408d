/**
 * Input artifacts as actions read them: from the artifact store, as the action's principal, through S3's own
 * operations. A refusal is worded as the console words S3's (an AccessDenied as insufficient permissions on the
 * bucket, errors.jsonl E087).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/troubleshooting.html
 */
import { isAwsError } from '../../../core/errors.js';
import { getObject } from '../artifacts.js';
import { insufficientS3Permissions, isDenied, s3Error } from '../failures.js';
import type { S3Location } from '../store.js';
import type { ActionEnv } from './types.js';

/** An input artifact's bytes. */
export async function inputArtifactBytes(env: ActionEnv, location: S3Location): Promise<Uint8Array> {
  try {
    return (await getObject(env.invoke, env.principal, location.bucket, location.key)).bytes;
  } catch (e) {
    if (isAwsError(e) && isDenied(e)) throw insufficientS3Permissions(location.bucket, e);
    if (isAwsError(e)) throw s3Error(e);
    throw e;
  }
}
