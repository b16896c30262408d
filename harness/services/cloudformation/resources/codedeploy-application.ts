/**
 * AWS::CodeDeploy::Application: CreateApplication (a generated name when ApplicationName is absent). Ref returns the
 * application's name. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codedeploy-application.html
 * Failure wording: registry handler form (errors.jsonl E081), service label CodeDeploy.
 * Known deviation: tags are not passed on (the emulated CodeDeploy keeps none).
 */
import type { ResourceMapper } from './types.js';
import { text } from './values.js';

export const codeDeployApplication: ResourceMapper = {
  type: 'AWS::CodeDeploy::Application',
  service: 'codedeploy',
  failureStyle: { kind: 'handler', serviceLabel: 'CodeDeploy' },
  replaceOn: ['ApplicationName', 'ComputePlatform'],
  attributes: [],
  async create(ctx, props) {
    const applicationName = text(props, 'ApplicationName') ?? ctx.generatedName({ max: 100 });
    await ctx.call('codedeploy', 'CreateApplication', { applicationName, computePlatform: text(props, 'ComputePlatform') ?? 'Server' });
    ctx.created(applicationName);
    return { physicalId: applicationName, attributes: {} };
  },
  async delete(ctx, applicationName) {
    await ctx.call('codedeploy', 'DeleteApplication', { applicationName });
  },
};
