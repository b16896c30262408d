/**
 * Source/AWS/CodeStarSourceConnection (Bitbucket, GitHub, GitHub Enterprise Server, GitLab through a connection):
 * the acting principal (the action's role, or the pipeline role) must be allowed to use the connection, and the
 * repository's branch becomes the output artifact.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html
 * The use is checked through the request path as the acting principal (codestar-connections' UseConnection,
 * ../../codestar-connections/connections.ts), with the prefix of the connection's ARN: `codestar-connections:
 * UseConnection` for arn:aws:codestar-connections:…, `codeconnections:UseConnection` for arn:aws:codeconnections:…
 * ("When specifying a resource in the IAM policy, the service prefix needs to match that of the resource",
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html). The denial is recorded and explained;
 * the action fails as the console shows it: "Unable to use Connection: <arn>. The provided role does not have
 * sufficient permissions." (quoted from real pipelines in public Terraform code beside the fix
 * `codestar-connections:UseConnection`, and in awslabs/landing-zone-accelerator-on-aws#828 and
 * hashicorp/terraform-provider-aws#11389, "The provided role does not have sufficient permissions").
 * The repository's content is what the user supplied (./supplied-source.ts).
 * Known deviations: DetectChanges is accepted and ignored (no provider sends events); OutputArtifactFormat
 * CODEBUILD_CLONE_REF writes the same zip as CODE_ZIP (no repository to clone from), so a CodeBuild action's own
 * use of the connection is not checked; a connection that does not exist fails with a wording of ours (no recorded
 * one).
 */
import { isAwsError } from '../../../core/errors.js';
import type { UseConnectionInput } from '../../codestar-connections/connections.js';
import { ActionFailure, isDenied } from '../failures.js';
import { isNotEmulated } from '../sessions.js';
import { sourceFromSuppliedContent } from './supplied-source.js';
import type { ActionHandler } from './types.js';

export function unableToUseConnection(arn: string): ActionFailure {
  return new ActionFailure(`Unable to use Connection: ${arn}. The provided role does not have sufficient permissions.`);
}

export const codeStarSourceConnection: ActionHandler = async (env) => {
  const config = env.declaration.configuration ?? {};
  const use: UseConnectionInput = { ConnectionArn: config['ConnectionArn']!, FullRepositoryId: config['FullRepositoryId']!, BranchName: config['BranchName']! };
  try {
    await env.invoke('codestar-connections', 'UseConnection', use, { as: env.principal });
  } catch (e) {
    if (isNotEmulated(e, 'codestar-connections')) throw new ActionFailure('AWS CodeStar connections is not emulated yet');
    if (!isAwsError(e)) throw e;
    if (isDenied(e)) throw unableToUseConnection(use.ConnectionArn);
    throw new ActionFailure(`Connection ${use.ConnectionArn} was not found: ${e.message}`);
  }
  return sourceFromSuppliedContent(env, use.FullRepositoryId!, use.BranchName!);
};
