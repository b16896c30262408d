/**
 * AWS CodeDeploy state per account and Region: applications, their deployment groups, and deployments, in the SDK's
 * shapes. https://docs.aws.amazon.com/codedeploy/latest/userguide/primary-components.html
 * Known deviations: only the ECS compute platform deploys (Server and Lambda applications are stored, not run).
 */
import type { ApplicationInfo, DeploymentGroupInfo, DeploymentInfo } from '@aws-sdk/client-codedeploy';
import type { Account } from '../../world/world.js';

export const SERVICE = 'codedeploy';
export const TARGET_PREFIX = 'CodeDeploy_20141006';
/** The service principal a deployment group's service role trusts and is passed to. */
export const CODEDEPLOY_PRINCIPAL = 'codedeploy.amazonaws.com';

export interface DeploymentRecord {
  info: DeploymentInfo;
  account: string;
  /** Plain data only (no promise), so a world holding deployments can be copied (world/snapshot.ts). */
  stopRequested?: boolean;
}

export interface CodeDeployStore {
  applications: Map<string, ApplicationInfo>;
  /** Deployment groups by application name, then by group name. */
  groups: Map<string, Map<string, DeploymentGroupInfo>>;
  deployments: Map<string, DeploymentRecord>;
}

export function codedeployStore(account: Account, region: string): CodeDeployStore {
  return account.store<CodeDeployStore>(SERVICE, region, () => ({ applications: new Map(), groups: new Map(), deployments: new Map() }));
}

export const applicationArn = (region: string, account: string, app: string) => `arn:aws:codedeploy:${region}:${account}:application:${app}`;
export const deploymentGroupArn = (region: string, account: string, app: string, group: string) =>
  `arn:aws:codedeploy:${region}:${account}:deploymentgroup:${app}/${group}`;
