/**
 * AWS::SSM::Parameter: PutParameter (a String or StringList; CloudFormation does not create SecureString
 * parameters); a new Value, Description or Type is PutParameter with Overwrite; a new Name replaces it.
 * Ref returns the parameter's name; Fn::GetAtt Type and Value.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ssm-parameter.html
 * A parameter without Name gets "CFN-<logical id>-<random>" (localstack
 * tests/aws/services/cloudformation/resource_providers/ssm/test_parameter.snapshot.json, recorded against AWS:
 * "CFN-MyResource-ywXNmT4uRH69"). Failure wording: registry handler form, service label Ssm (errors.jsonl E081 form).
 * Known deviations: the random part is upper case and digits (AWS's is mixed case); Tags, Tier, Policies and
 * AllowedPattern are not passed on.
 */
import type { PutParameterCommandInput } from '@aws-sdk/client-ssm';
import { generatedName } from './physical-name.js';
import type { Properties, Provisioned, ResourceContext, ResourceMapper } from './types.js';
import { requiredText, text } from './values.js';

async function put(ctx: ResourceContext, Name: string, props: Properties, Overwrite: boolean): Promise<Provisioned> {
  const Type = requiredText(props, 'Type') as PutParameterCommandInput['Type'];
  const Value = requiredText(props, 'Value');
  const input: PutParameterCommandInput = { Name, Type, Value, Overwrite, Description: text(props, 'Description'), DataType: text(props, 'DataType') };
  await ctx.call('ssm', 'PutParameter', input);
  ctx.created(Name);
  return { physicalId: Name, attributes: { Type: Type ?? 'String', Value } };
}

export const ssmParameter: ResourceMapper = {
  type: 'AWS::SSM::Parameter',
  service: 'ssm',
  failureStyle: { kind: 'handler', serviceLabel: 'Ssm' },
  replaceOn: ['Name'],
  required: ['Type', 'Value'],
  attributes: ['Type', 'Value'],
  create: (ctx, props) => put(ctx, text(props, 'Name') ?? generatedName('CFN', ctx.logicalId, { max: 2048 }), props, false),
  update: (ctx, Name, props) => put(ctx, Name, props, true),
  async delete(ctx, Name) {
    await ctx.call('ssm', 'DeleteParameter', { Name });
  },
};
