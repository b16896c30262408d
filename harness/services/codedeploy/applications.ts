/**
 * CodeDeploy applications and deployment groups: CreateApplication, GetApplication, DeleteApplication (its groups go
 * with it), CreateDeploymentGroup, GetDeploymentGroup, DeleteDeploymentGroup. https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeploymentGroup.html
 * A deployment group's service role is passed to CodeDeploy, checked in AWS's order: a role of another account is
 * refused ("Cross-account pass role is not allowed."), the caller must be allowed iam:PassRole on it with
 * iam:PassedToService codedeploy.amazonaws.com, and the role must exist and trust codedeploy.amazonaws.com, which is
 * proved by assuming it as that service through STS (InvalidRoleException otherwise).
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/getting-started-create-service-role.html
 * Authorization on `application:<name>` and `deploymentgroup:<app>/<group>`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodedeploy.html).
 * Known deviations: no deployment configurations beyond their names (traffic shifts at once); alarms, triggers,
 * auto-rollback and tags are stored as given and not acted on.
 */
import { randomUUID } from 'node:crypto';
import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { isAwsError } from '../../core/errors.js';
import { servicePrincipal } from '../../world/principal.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { ApplicationAlreadyExistsException, CrossAccountPassRole, DeploymentGroupAlreadyExistsException, InvalidRoleException, RoleRequiredException } from './errors.js';
import { applicationFor, callerAccount, groupArn, groupFor, ownStore } from './lookup.js';
import type { ApplicationOperationName, CodeDeployOperations } from './operation-names.js';
import { applicationArn, CODEDEPLOY_PRINCIPAL } from './store.js';

const ROLE_ACCOUNT = /^arn:aws[\w-]*:iam::(\d{12}):role\//;

function passRoleCheck(roleArn: string): AuthCheck {
  return { action: 'iam:PassRole', resource: roleArn, resourceAccount: ROLE_ACCOUNT.exec(roleArn)?.[1], context: { 'iam:PassedToService': CODEDEPLOY_PRINCIPAL } };
}

/** The role exists and trusts CodeDeploy: CodeDeploy assumes it as itself, as it will for every deployment. */
async function assumable(ctx: OperationContext, roleArn: string): Promise<void> {
  try {
    await ctx.invoke('sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'CodeDeploy-validation' } satisfies AssumeRoleCommandInput, { as: servicePrincipal(CODEDEPLOY_PRINCIPAL) });
  } catch (e) {
    if (isAwsError(e)) throw InvalidRoleException();
    throw e;
  }
}

export const applicationOperations: CodeDeployOperations<ApplicationOperationName> = {
  CreateApplication: {
    resolve(ctx, input) {
      if (ownStore(ctx).applications.has(input.applicationName ?? '')) throw ApplicationAlreadyExistsException(input.applicationName!);
    },
    authorize: (ctx, input) => ({ action: 'codedeploy:CreateApplication', resource: applicationArn(ctx.region, callerAccount(ctx), input.applicationName ?? '') }),
    handler(ctx, input) {
      const applicationId = randomUUID();
      ownStore(ctx).applications.set(input.applicationName!, {
        applicationId,
        applicationName: input.applicationName,
        createTime: ctx.now(),
        linkedToGitHub: false,
        computePlatform: input.computePlatform ?? 'Server',
      });
      return { applicationId };
    },
  },
  GetApplication: {
    resolve: (ctx, input) => applicationFor(ctx, input.applicationName),
    authorize: (ctx, input) => ({ action: 'codedeploy:GetApplication', resource: applicationArn(ctx.region, callerAccount(ctx), input.applicationName ?? '') }),
    handler: (_ctx, _input, application) => ({ application }),
  },
  DeleteApplication: {
    // Deleting an application that does not exist succeeds, as AWS's idempotent delete does (not recorded).
    authorize: (ctx, input) => ({ action: 'codedeploy:DeleteApplication', resource: applicationArn(ctx.region, callerAccount(ctx), input.applicationName ?? '') }),
    handler(ctx, input) {
      ownStore(ctx).applications.delete(input.applicationName ?? '');
      ownStore(ctx).groups.delete(input.applicationName ?? '');
      return {};
    },
  },
  CreateDeploymentGroup: {
    resolve(ctx, input) {
      const app = applicationFor(ctx, input.applicationName);
      if (ownStore(ctx).groups.get(app.applicationName!)?.has(input.deploymentGroupName ?? '')) throw DeploymentGroupAlreadyExistsException(input.deploymentGroupName!);
      const role = input.serviceRoleArn;
      if (!role) throw RoleRequiredException();
      if (ROLE_ACCOUNT.exec(role)?.[1] !== callerAccount(ctx)) throw CrossAccountPassRole();
      return { app, role };
    },
    authorize: (ctx, input, { role }) => [
      { action: 'codedeploy:CreateDeploymentGroup', resource: groupArn(ctx, input.applicationName, input.deploymentGroupName) },
      passRoleCheck(role),
    ],
    async handler(ctx, input, { app, role }) {
      await assumable(ctx, role);
      const groups = ownStore(ctx).groups;
      const byName = groups.get(app.applicationName!) ?? new Map();
      groups.set(app.applicationName!, byName);
      const deploymentGroupId = randomUUID();
      byName.set(input.deploymentGroupName!, {
        applicationName: app.applicationName,
        deploymentGroupId,
        deploymentGroupName: input.deploymentGroupName,
        deploymentConfigName: input.deploymentConfigName ?? (app.computePlatform === 'ECS' ? 'CodeDeployDefault.ECSAllAtOnce' : 'CodeDeployDefault.OneAtATime'),
        serviceRoleArn: role,
        computePlatform: app.computePlatform,
        ecsServices: input.ecsServices ?? [],
        deploymentStyle: input.deploymentStyle,
        blueGreenDeploymentConfiguration: input.blueGreenDeploymentConfiguration,
        loadBalancerInfo: input.loadBalancerInfo,
        alarmConfiguration: input.alarmConfiguration,
        autoRollbackConfiguration: input.autoRollbackConfiguration,
        triggerConfigurations: input.triggerConfigurations ?? [],
      });
      return { deploymentGroupId };
    },
  },
  GetDeploymentGroup: {
    resolve: (ctx, input) => groupFor(ctx, input.applicationName, input.deploymentGroupName),
    authorize: (ctx, input) => ({ action: 'codedeploy:GetDeploymentGroup', resource: groupArn(ctx, input.applicationName, input.deploymentGroupName) }),
    handler: (_ctx, _input, deploymentGroupInfo) => ({ deploymentGroupInfo }),
  },
  DeleteDeploymentGroup: {
    resolve: (ctx, input) => groupFor(ctx, input.applicationName, input.deploymentGroupName),
    authorize: (ctx, input) => ({ action: 'codedeploy:DeleteDeploymentGroup', resource: groupArn(ctx, input.applicationName, input.deploymentGroupName) }),
    handler(ctx, input) {
      ownStore(ctx).groups.get(input.applicationName!)?.delete(input.deploymentGroupName!);
      return { hooksNotCleanedUp: [] };
    },
  },
};
