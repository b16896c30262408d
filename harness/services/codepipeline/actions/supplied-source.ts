/**
 * What the source actions whose repository lives outside AWS share: the repository's content comes from what the
 * user supplied (../supplied-sources.ts) and is written into the artifact store as the acting principal, encrypted
 * with the store's key (../artifacts.ts), as the S3 source's artifact is.
 * Known deviations: the revision id is the SHA-1 of the supplied zip (no commit exists), and the summary names the
 * supplied content instead of a commit message; without supplied content the action fails with a message of ours
 * (AWS would read the repository), saying how to supply it.
 */
import { createHash } from 'node:crypto';
import { isAwsError } from '../../../core/errors.js';
import { writeArtifact } from '../artifacts.js';
import { ActionFailure, insufficientS3Permissions, isDenied, s3Error } from '../failures.js';
import { suppliedContent } from '../supplied-sources.js';
import type { ActionEnv, ActionResult } from './types.js';

export function noSuppliedContent(repository: string, branch: string): ActionFailure {
  return new ActionFailure(
    `xacct cannot reach repository ${repository} (branch ${branch}): supply its content as a folder or a .zip, with \`xacct run --source DIR\`, a scenario's \`sources\`, or supplySource() from the library`,
  );
}

export async function sourceFromSuppliedContent(env: ActionEnv, repository: string, branch: string): Promise<ActionResult> {
  const content = suppliedContent(env.world, repository, branch);
  if (!content) throw noSuppliedContent(repository, branch);
  const output = env.declaration.outputArtifacts![0]!.name!;
  let location;
  try {
    location = await writeArtifact(env.invoke, env.principal, env.artifactStore, env.pipelineName, output, content);
  } catch (e) {
    if (isAwsError(e) && isDenied(e)) throw insufficientS3Permissions(env.artifactStore.location!, e);
    if (isAwsError(e)) throw s3Error(e);
    throw e;
  }
  const revisionId = createHash('sha1').update(content).digest('hex');
  const summary = `Content supplied to xacct for ${repository} (branch ${branch})`;
  return {
    externalExecutionId: revisionId,
    summary,
    outputs: [{ name: output, location }],
    revision: { name: output, revisionId, created: env.now(), revisionSummary: summary },
  };
}
