/**
 * The CodeDeploy operations xacct implements (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_Operations.html),
 * typed by the SDK's `<Op>Command`.
 */
import type * as sdk from '@aws-sdk/client-codedeploy';
import type { SdkOperations } from '../sdk-model.js';

export type ApplicationOperationName =
  | 'CreateApplication'
  | 'GetApplication'
  | 'DeleteApplication'
  | 'CreateDeploymentGroup'
  | 'GetDeploymentGroup'
  | 'DeleteDeploymentGroup';
export type DeploymentOperationName = 'CreateDeployment' | 'GetDeployment' | 'ListDeployments' | 'StopDeployment';
export type CodeDeployOperationName = ApplicationOperationName | DeploymentOperationName;

export type CodeDeployOperations<Names extends CodeDeployOperationName> = SdkOperations<typeof sdk, Names>;
