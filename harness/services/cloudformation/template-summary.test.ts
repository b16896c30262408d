/**
 * GetTemplateSummary over both transports, for a template body and for a stack's template, with AWS's refusals.
 * Sources: LocalStack's AWS-validated tests/aws/services/cloudformation/api/test_templates.snapshot.json
 * (github.com/localstack/localstack): ::test_get_template_summary (shape: Parameters present even when empty,
 * ResourceTypes, Version), ::test_get_template_summary_non_executed_change_set, ::test_get_template_summary_no_resources,
 * ::test_get_template_missing_resources_stack (GetTemplate's wording for a missing stack, which GetTemplateSummary
 * is assumed to share: its own is not recorded).
 */
import { CloudFormationClient, CreateChangeSetCommand, CreateStackCommand, GetTemplateSummaryCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { A, settle } from './test-fixtures.js';

const TEMPLATE = `
Description: summarised
Parameters:
  Env: { Type: String, AllowedValues: [dev, prod], Description: stage }
  Secret: { Type: String, NoEcho: true, Default: hidden }
Resources:
  Key: { Type: AWS::KMS::Key, Properties: { Description: !Ref Env } }
  Alias: { Type: AWS::KMS::Alias, Properties: { AliasName: alias/summary, TargetKeyId: !Ref Key } }
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: 'sts:AssumeRole' }] }
`;

describe.each(['in-process', 'http'] as const)('GetTemplateSummary over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('summarises a template body: parameters with their types, resource types, capabilities', async () => {
    const { $metadata: _, ...out } = await cfn.send(new GetTemplateSummaryCommand({ TemplateBody: TEMPLATE }));
    expect(out).toEqual({
      Description: 'summarised',
      Parameters: [
        { ParameterKey: 'Env', ParameterType: 'String', NoEcho: false, Description: 'stage', ParameterConstraints: { AllowedValues: ['dev', 'prod'] } },
        { ParameterKey: 'Secret', ParameterType: 'String', NoEcho: true, DefaultValue: 'hidden' },
      ],
      Capabilities: ['CAPABILITY_IAM'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
      ResourceTypes: ['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::IAM::Role'],
      Version: '2010-09-09',
      ResourceIdentifierSummaries: [
        { ResourceType: 'AWS::KMS::Key', LogicalResourceIds: ['Key'] },
        { ResourceType: 'AWS::KMS::Alias', LogicalResourceIds: ['Alias'] },
        { ResourceType: 'AWS::IAM::Role', LogicalResourceIds: ['Role'] },
      ],
    });
  });

  it("summarises a stack's template, with Parameters present when there are none", async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'summarised', TemplateBody: JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key' } } }) }));
    await settle(cfn, 'summarised');
    const out = await cfn.send(new GetTemplateSummaryCommand({ StackName: 'summarised' }));
    expect({ parameters: out.Parameters, types: out.ResourceTypes, version: out.Version }).toEqual({ parameters: [], types: ['AWS::KMS::Key'], version: '2010-09-09' });
  });

  it('refuses a stack still in review, a missing stack and a template without resources in AWS words', async () => {
    await cfn.send(new CreateChangeSetCommand({ StackName: 'in-review', ChangeSetName: 'cs', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE, Parameters: [{ ParameterKey: 'Env', ParameterValue: 'dev' }], Capabilities: ['CAPABILITY_IAM'] }));
    expect(await awsError(cfn.send(new GetTemplateSummaryCommand({ StackName: 'in-review' })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.',
    });
    expect(await awsError(cfn.send(new GetTemplateSummaryCommand({ StackName: 'does-not-exist' })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'Stack with id does-not-exist does not exist',
    });
    expect(await awsError(cfn.send(new GetTemplateSummaryCommand({ TemplateBody: '{}' })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'Template format error: At least one Resources member must be defined.',
    });
  });
});
