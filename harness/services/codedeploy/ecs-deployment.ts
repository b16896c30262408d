/**
 * What an ECS blue/green deployment does once CreateDeployment has answered, as CodeDeploy does it: it assumes the
 * deployment group's service role as codedeploy.amazonaws.com through STS, reads the AppSpec (from the revision's
 * content, or from S3 as that role), and calls ECS as that role: DescribeServices, CreateTaskSet of the AppSpec's task
 * definition (ECS authorizes iam:PassRole of the task definition's roles here, as the CodeDeploy role), then shifts
 * all traffic at once (UpdateServicePrimaryTaskSet) and removes the original task set (DeleteTaskSet).
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html
 * The task definition revision is the one the AppSpec names, registered beforehand: by the caller, or by CodePipeline's
 * CodeDeployToECS action as its action role (AWSCodeDeployRoleForECS grants CodeDeploy no ecs:RegisterTaskDefinition).
 * A failed step fails the deployment with errorInformation: ECS_UPDATE_ERROR for a refused ECS call, IAM_ROLE_PERMISSIONS
 * when the role cannot be assumed, INVALID_REVISION for an AppSpec it cannot use (codes of the API's ErrorCode enum).
 * Known deviations: the errorInformation messages are not recorded AWS wordings: they carry the refused call's error
 * as the SDK for Java prints it ("<message> (Service: AmazonECS; Status Code: 400; Error Code: <code>; Request ID:
 * <id>)"); the role session is named AWSCodeDeploy (AWS's session name is not recorded); Elastic Load Balancing is not
 * emulated, so the shift moves no listener; lifecycle hooks and termination wait times are not run.
 */
import { randomUUID } from 'node:crypto';
import type * as ecs from '@aws-sdk/client-ecs';
import type { DeploymentGroupInfo, ErrorCode } from '@aws-sdk/client-codedeploy';
import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { isAwsError, type AwsError } from '../../core/errors.js';
import { servicePrincipal, type Principal } from '../../world/principal.js';
import { bodyBytes } from '../codepipeline/artifacts.js';
import { sdkInvoke } from '../sdk-model.js';
import type { OperationContext } from '../types.js';
import { readAppSpec } from './appspec.js';
import { CODEDEPLOY_PRINCIPAL, type DeploymentRecord } from './store.js';

export const SESSION_NAME = 'AWSCodeDeploy';

type Runtime = Pick<OperationContext, 'world' | 'invoke' | 'now'>;

class DeploymentFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function ecsFailure(e: AwsError): DeploymentFailure {
  return new DeploymentFailure('ECS_UPDATE_ERROR', `${e.message} (Service: AmazonECS; Status Code: ${e.status}; Error Code: ${e.code}; Request ID: ${randomUUID()})`);
}

async function assumeServiceRole(rt: Runtime, roleArn: string): Promise<Principal> {
  let out: AssumeRoleCommandOutput;
  try {
    out = await rt.invoke<AssumeRoleCommandOutput>('sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: SESSION_NAME } satisfies AssumeRoleCommandInput, {
      as: servicePrincipal(CODEDEPLOY_PRINCIPAL),
    });
  } catch (e) {
    if (isAwsError(e)) throw new DeploymentFailure('IAM_ROLE_PERMISSIONS', `CodeDeploy does not have the permissions required to assume the role ${roleArn}.`);
    throw e;
  }
  return rt.world.credentials.get(out.Credentials!.AccessKeyId!)!.principal;
}

async function appSpecText(rt: Runtime, as: Principal, d: DeploymentRecord): Promise<string> {
  const revision = d.info.revision;
  if (revision?.revisionType === 'AppSpecContent') return revision.appSpecContent?.content ?? '';
  const loc = revision?.s3Location;
  try {
    const out = await rt.invoke<{ Body?: unknown }>('s3', 'GetObject', { Bucket: loc?.bucket, Key: loc?.key, ...(loc?.version ? { VersionId: loc.version } : {}) }, { as });
    return Buffer.from(await bodyBytes(out.Body)).toString('utf8');
  } catch (e) {
    if (isAwsError(e)) throw new DeploymentFailure('REVISION_MISSING', `The revision s3://${loc?.bucket}/${loc?.key} could not be read: ${e.code}: ${e.message}`);
    throw e;
  }
}

async function shift(rt: Runtime, as: Principal, d: DeploymentRecord, group: DeploymentGroupInfo): Promise<void> {
  const spec = readAppSpec(await appSpecText(rt, as, d));
  if (typeof spec === 'string') throw new DeploymentFailure('INVALID_REVISION', spec);
  const target = group.ecsServices?.[0];
  const call = sdkInvoke<typeof ecs>(rt.invoke, 'ecs');
  const ecsCall = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (e) {
      if (isAwsError(e)) throw ecsFailure(e);
      throw e;
    }
  };
  const cluster = target?.clusterName;
  const serviceName = target?.serviceName;
  const described = await ecsCall(call('DescribeServices', { cluster, services: [serviceName ?? ''] }, { as }));
  const service = described.services?.[0];
  if (!service) throw new DeploymentFailure('ECS_UPDATE_ERROR', `The ECS service ${serviceName} does not exist in cluster ${cluster}.`);
  const original = service.taskSets?.find((s) => s.status === 'PRIMARY');
  const pair = group.loadBalancerInfo?.targetGroupPairInfoList?.[0];
  // The replacement task set registers with the second target group of the pair (the "green" one).
  const green = pair?.targetGroups?.[1]?.name ?? pair?.targetGroups?.[0]?.name;
  const loadBalancers = green && spec.containerName ? [{ targetGroupArn: green, containerName: spec.containerName, containerPort: spec.containerPort }] : service.loadBalancers;
  const created = await ecsCall(
    call('CreateTaskSet', { cluster, service: serviceName, taskDefinition: spec.taskDefinition, externalId: d.info.deploymentId, loadBalancers, scale: { value: 100, unit: 'PERCENT' } }, { as }),
  );
  await ecsCall(call('UpdateServicePrimaryTaskSet', { cluster, service: serviceName, primaryTaskSet: created.taskSet!.id! }, { as }));
  if (original) await ecsCall(call('DeleteTaskSet', { cluster, service: serviceName, taskSet: original.id! }, { as }));
}

/** Runs the deployment to its end; never throws (a failure is the deployment's status). */
export async function runEcsDeployment(rt: Runtime, d: DeploymentRecord, group: DeploymentGroupInfo): Promise<void> {
  d.info.status = 'InProgress';
  d.info.startTime = rt.now();
  try {
    const session = await assumeServiceRole(rt, group.serviceRoleArn!);
    await shift(rt, session, d, group);
    if (d.stopRequested) return;
    d.info.status = 'Succeeded';
  } catch (e) {
    if (d.stopRequested) return;
    d.info.status = 'Failed';
    // Anything else is the emulator's own fault, reported as CodeDeploy reports its internal errors.
    d.info.errorInformation = e instanceof DeploymentFailure ? { code: e.code, message: e.message } : { code: 'INTERNAL_ERROR', message: String(e) };
  } finally {
    d.info.completeTime = rt.now();
  }
}
