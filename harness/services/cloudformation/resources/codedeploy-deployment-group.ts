/**
 * AWS::CodeDeploy::DeploymentGroup: CreateDeploymentGroup, so CodeDeploy's checks of the service role apply (the stack's
 * acting principal passes it; same account; trusted by codedeploy.amazonaws.com). Ref returns the group's name.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codedeploy-deploymentgroup.html
 * Failure wording: registry handler form (errors.jsonl E081), service label CodeDeploy.
 * Known deviations: any change replaces the group (the emulated CodeDeploy has no UpdateDeploymentGroup); properties
 * are passed in the API's names (ecs-properties.ts), tags are not.
 */
import { apiInput } from './ecs-properties.js';
import type { ResourceMapper } from './types.js';
import { requiredText, text } from './values.js';

export const codeDeployDeploymentGroup: ResourceMapper = {
  type: 'AWS::CodeDeploy::DeploymentGroup',
  service: 'codedeploy',
  failureStyle: { kind: 'handler', serviceLabel: 'CodeDeploy' },
  replaceOn: [],
  required: ['ApplicationName', 'ServiceRoleArn'],
  attributes: [],
  async create(ctx, props) {
    const deploymentGroupName = text(props, 'DeploymentGroupName') ?? ctx.generatedName({ max: 100 });
    const input = apiInput(props, ['DeploymentGroupName', 'Tags', 'Deployment']);
    await ctx.call('codedeploy', 'CreateDeploymentGroup', { ...input, deploymentGroupName });
    ctx.created(deploymentGroupName);
    return { physicalId: deploymentGroupName, attributes: {} };
  },
  async delete(ctx, deploymentGroupName, props) {
    await ctx.call('codedeploy', 'DeleteDeploymentGroup', { applicationName: requiredText(props, 'ApplicationName'), deploymentGroupName });
  },
};
