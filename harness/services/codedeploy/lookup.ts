/**
 * What CodeDeploy's operations look up first, in the caller's account and Region: an application, a deployment group
 * of it, a deployment. What does not exist is answered before any authorization (errors.ts).
 */
import type { ApplicationInfo, DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import type { OperationContext } from '../types.js';
import { ApplicationDoesNotExistException, DeploymentDoesNotExistException, DeploymentGroupDoesNotExistException } from './errors.js';
import { codedeployStore, deploymentGroupArn, type CodeDeployStore, type DeploymentRecord } from './store.js';

export function callerAccount(ctx: OperationContext): string {
  return ctx.principal.account ?? '';
}

export function ownStore(ctx: OperationContext): CodeDeployStore {
  return codedeployStore(ctx.world.account(callerAccount(ctx))!, ctx.region);
}

export function applicationFor(ctx: OperationContext, name: string | undefined): ApplicationInfo {
  const app = ownStore(ctx).applications.get(name ?? '');
  if (!app) throw ApplicationDoesNotExistException(name ?? '');
  return app;
}

export function groupFor(ctx: OperationContext, app: string | undefined, group: string | undefined): DeploymentGroupInfo {
  applicationFor(ctx, app);
  const found = ownStore(ctx).groups.get(app!)?.get(group ?? '');
  if (!found) throw DeploymentGroupDoesNotExistException(group ?? '');
  return found;
}

export const groupArn = (ctx: OperationContext, app: string | undefined, group: string | undefined) => deploymentGroupArn(ctx.region, callerAccount(ctx), app ?? '', group ?? '');

export function deploymentFor(ctx: OperationContext, id: string | undefined): DeploymentRecord {
  const d = ownStore(ctx).deployments.get(id ?? '');
  if (!d) throw DeploymentDoesNotExistException(id ?? '');
  return d;
}
