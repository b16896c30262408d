/**
 * The principals CodePipeline acts as, obtained the way AWS obtains them: STS AssumeRole through the emulator's
 * request path.
 * - The pipeline role, assumed by the service principal codepipeline.amazonaws.com with a 13-digit epoch-ms
 *   session name (errors.jsonl E049/E084 notes: "CodePipeline=<13-digit epoch ms>").
 *   https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role
 *   The service acts for the pipeline: the request carries aws:SourceArn (the pipeline's ARN) and aws:SourceAccount,
 *   which trust policies may condition on against the confused deputy
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn).
 * - An action's roleArn, assumed by that pipeline-role session (role chaining), so the action role's trust
 *   policy must trust the pipeline role (or its account) and the pipeline role must be allowed sts:AssumeRole.
 *   https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 */
import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { servicePrincipal, type Principal } from '../../world/principal.js';
import type { World } from '../../world/world.js';
import type { OperationContext } from '../types.js';

export type Invoke = OperationContext['invoke'];

export const CODEPIPELINE_PRINCIPAL = 'codepipeline.amazonaws.com';

async function assume(world: World, invoke: Invoke, as: Principal, roleArn: string, sessionName: string): Promise<Principal> {
  const out = await invoke<AssumeRoleCommandOutput>('sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: sessionName } satisfies AssumeRoleCommandInput, { as });
  const record = world.credentials.get(out.Credentials!.AccessKeyId!);
  if (!record) throw new Error(`STS issued credentials ${out.Credentials?.AccessKeyId} that are not registered`);
  return record.principal;
}

/** CodePipeline acts for the pipeline: aws:SourceArn is the pipeline's ARN, aws:SourceAccount its account. */
export function assumePipelineRole(world: World, invoke: Invoke, roleArn: string, pipelineArn: string, now: Date): Promise<Principal> {
  const source = { arn: pipelineArn, account: pipelineArn.split(':')[4]! };
  return assume(world, invoke, servicePrincipal(CODEPIPELINE_PRINCIPAL, source), roleArn, String(now.getTime()));
}

export function assumeActionRole(world: World, invoke: Invoke, pipelineSession: Principal, roleArn: string, now: Date): Promise<Principal> {
  return assume(world, invoke, pipelineSession, roleArn, String(now.getTime()));
}

/** `invoke` throws a plain Error (not an AwsError) when the target service is not registered yet. */
export function isNotEmulated(e: unknown, service?: string): boolean {
  return e instanceof Error && !('code' in e) && /^xacct does not emulate the service/.test(e.message) && (!service || e.message.includes(`"${service}"`));
}
