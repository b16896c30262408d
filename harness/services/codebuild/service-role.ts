/**
 * A project's service role as CodeBuild uses it: the service principal codebuild.amazonaws.com assumes it through STS
 * (the emulator's request path, so the role's trust policy decides), with the session name
 * `AWSCodeBuild-<build uuid>` (errors.jsonl E049). CreateProject and UpdateProject make the same assumption to check
 * the role, as AWS does ("CodeBuild is not authorized to perform: sts:AssumeRole", troubleshooting.html).
 * https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
 * CodeBuild acts for the project: its requests carry aws:SourceArn (the project's ARN) and aws:SourceAccount, the keys
 * AWS's CodeBuild guide conditions on for the service principal (sample-ecr.html: `"aws:SourceArn":
 * "arn:aws:codebuild:<region>:<AWS-account-ID>:project/<project-name>"`), so a trust policy scoped to them holds.
 * Known deviation: the check at create time starts (and drops) a real session of the role.
 */
import type { AssumeRoleCommandInput, AssumeRoleCommandOutput, Credentials } from '@aws-sdk/client-sts';
import { servicePrincipal, type Principal } from '../../world/principal.js';
import type { World } from '../../world/world.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { CODEBUILD_PRINCIPAL } from './store.js';

type Invoke = OperationContext['invoke'];

export interface RoleSession {
  principal: Principal;
  credentials: Credentials;
}

/** A role given by name is the caller's account's role of that name (CreateProject accepts a name or an ARN). */
export function serviceRoleArn(role: string, account: string): string {
  return role.startsWith('arn:') ? role : `arn:aws:iam::${account}:role/${role}`;
}

export function passRoleCheck(roleArn: string): AuthCheck {
  return { action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': CODEBUILD_PRINCIPAL } };
}

/** Acting for the project (aws:SourceArn is the project's ARN, aws:SourceAccount its account). */
export async function assumeServiceRole(world: World, invoke: Invoke, roleArn: string, sessionName: string, projectArn: string): Promise<RoleSession> {
  const input: AssumeRoleCommandInput = { RoleArn: roleArn, RoleSessionName: sessionName };
  const source = { arn: projectArn, account: projectArn.split(':')[4]! };
  const out = await invoke<AssumeRoleCommandOutput>('sts', 'AssumeRole', input, { as: servicePrincipal(CODEBUILD_PRINCIPAL, source) });
  const record = world.credentials.get(out.Credentials!.AccessKeyId!);
  if (!record) throw new Error(`STS issued credentials ${out.Credentials?.AccessKeyId} that are not registered`);
  return { principal: record.principal, credentials: out.Credentials! };
}
