/**
 * CodeDeploy deployments: CreateDeployment (answers at once with the deployment id; the deployment then runs in the
 * background as the group's service role: ecs-deployment.ts), GetDeployment, ListDeployments, StopDeployment.
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html
 * Deployment ids are `d-` and nine upper-case letters and digits, as AWS forms them. Authorization on the deployment
 * group ARN (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodedeploy.html).
 * Known deviations: only ECS applications deploy (a Server or Lambda deployment fails with a message saying so);
 * a revision is AppSpecContent or S3 (GitHub and String revisions fail with INVALID_REVISION); ListDeployments answers
 * one page; StopDeployment of a running deployment marks it Stopped at once without rolling back what was done.
 */
import { randomBytes } from 'node:crypto';
import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';
import type { OperationContext } from '../types.js';
import { DeploymentAlreadyCompletedException, InvalidRevisionException } from './errors.js';
import { runEcsDeployment } from './ecs-deployment.js';
import { callerAccount, deploymentFor, groupArn, groupFor, ownStore } from './lookup.js';
import type { CodeDeployOperations, DeploymentOperationName } from './operation-names.js';
import type { DeploymentRecord } from './store.js';

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function deploymentId(): string {
  return `d-${[...randomBytes(9)].map((b) => ID_CHARS[b % ID_CHARS.length]).join('')}`;
}

const FINAL = new Set(['Succeeded', 'Failed', 'Stopped']);

/** The deployment group a deployment was made to, for the authorization of calls about it. */
const deploymentCheck = (action: string) => (ctx: OperationContext, _input: unknown, d: DeploymentRecord) => ({
  action: `codedeploy:${action}`,
  resource: groupArn(ctx, d.info.applicationName, d.info.deploymentGroupName),
});

export const deploymentOperations: CodeDeployOperations<DeploymentOperationName> = {
  CreateDeployment: {
    resolve(ctx, input) {
      const group = groupFor(ctx, input.applicationName, input.deploymentGroupName);
      const type = input.revision?.revisionType;
      if (type !== 'AppSpecContent' && type !== 'S3') throw InvalidRevisionException('The revision is not valid: xacct deploys AppSpecContent and S3 revisions.');
      return group;
    },
    authorize: (ctx, input) => ({ action: 'codedeploy:CreateDeployment', resource: groupArn(ctx, input.applicationName, input.deploymentGroupName) }),
    handler(ctx, input, group) {
      const info: DeploymentInfo = {
        applicationName: input.applicationName,
        deploymentGroupName: input.deploymentGroupName,
        deploymentConfigName: input.deploymentConfigName ?? group.deploymentConfigName,
        deploymentId: deploymentId(),
        revision: input.revision,
        status: 'Created',
        createTime: ctx.now(),
        creator: 'user',
        description: input.description,
        deploymentStyle: group.deploymentStyle,
        blueGreenDeploymentConfiguration: group.blueGreenDeploymentConfiguration,
        loadBalancerInfo: group.loadBalancerInfo,
        computePlatform: group.computePlatform,
      };
      const record: DeploymentRecord = { info, account: callerAccount(ctx) };
      ownStore(ctx).deployments.set(info.deploymentId!, record);
      // The deployment goes on after this answer; clients follow it with GetDeployment, as with AWS.
      if (group.computePlatform === 'ECS') void runEcsDeployment(ctx, record, group);
      else Object.assign(info, { status: 'Failed', completeTime: ctx.now(), errorInformation: { code: 'INTERNAL_ERROR', message: `xacct deploys ECS applications only, not ${group.computePlatform}` } });
      return { deploymentId: info.deploymentId };
    },
  },
  GetDeployment: {
    resolve: (ctx, input) => deploymentFor(ctx, input.deploymentId),
    authorize: deploymentCheck('GetDeployment'),
    handler: (_ctx, _input, d) => ({ deploymentInfo: d.info }),
  },
  ListDeployments: {
    resolve: (ctx, input) => groupFor(ctx, input.applicationName, input.deploymentGroupName),
    authorize: (ctx, input) => ({ action: 'codedeploy:ListDeployments', resource: groupArn(ctx, input.applicationName, input.deploymentGroupName) }),
    handler(ctx, input) {
      const statuses = input.includeOnlyStatuses;
      const deployments = [...ownStore(ctx).deployments.values()]
        .filter((d) => d.info.applicationName === input.applicationName && d.info.deploymentGroupName === input.deploymentGroupName)
        .filter((d) => !statuses?.length || statuses.includes(d.info.status!))
        .map((d) => d.info.deploymentId!);
      return { deployments };
    },
  },
  StopDeployment: {
    resolve(ctx, input) {
      const d = deploymentFor(ctx, input.deploymentId);
      if (FINAL.has(d.info.status ?? '')) throw DeploymentAlreadyCompletedException();
      return d;
    },
    authorize: deploymentCheck('StopDeployment'),
    handler(ctx, _input, d) {
      d.stopRequested = true;
      Object.assign(d.info, { status: 'Stopped', completeTime: ctx.now() });
      return { status: 'Succeeded', statusMessage: 'Stopped' };
    },
  },
};
