/**
 * Bad input is refused synchronously with CloudFormation's words, and no stack is left behind: malformed
 * templates, unknown intrinsics, circular dependencies, missing parameters, missing capabilities, an unknown
 * Fn::GetAtt attribute, a missing export. Wordings come from the template engine (sources cited in
 * template/*.test.ts) and errors.jsonl (E101 YAML, E078 unresolved reference).
 */
import { CloudFormationClient, CreateStackCommand, ListStacksCommand, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { A, failure } from './test-fixtures.js';

const role = `Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}`;

const CASES: Array<[string, string, string, string]> = [
  ['malformed JSON', '{"Resources": {', 'ValidationError', 'Template format error: JSON not well-formed. (line 1, column 16)'],
  ['malformed YAML (E101)', 'Resources:\n  A: [unclosed\n', 'ValidationError', 'Template format error: YAML not well-formed.'],
  [
    'unknown intrinsic',
    'Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: {"Fn::Ref": X}}}\n',
    'ValidationError',
    'Template Error: Encountered unsupported function: Fn::Ref Supported functions are: [Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, Fn::Split, Fn::FindInMap, Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, Condition, Fn::And, Fn::Or, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::ValueOf, Fn::ValueOfAll, Fn::RefAll, Fn::Sub, Fn::Cidr]',
  ],
  [
    'circular dependency',
    'Resources:\n  A: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref B}}\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref A}}\n',
    'ValidationError',
    'Circular dependency between resources: [A, B]',
  ],
  ['missing parameter', 'Parameters:\n  Env: {Type: String}\nResources:\n  B: {Type: AWS::S3::Bucket}\n', 'ValidationError', 'Parameters: [Env] must have values'],
  ['unresolved reference (E078)', 'Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref Nope}}\n', 'ValidationError', 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template'],
  // Names Object.prototype has are unresolved like any other (issue 13: they once resolved to inherited members).
  ['reference to toString (E078)', 'Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref toString}}\n', 'ValidationError', 'Template format error: Unresolved resource dependencies [toString] in the Resources block of the template'],
  ['Fn::Sub variable constructor (E078)', "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub '${constructor}'}}\n", 'ValidationError', 'Template format error: Unresolved resource dependencies [constructor] in the Resources block of the template'],
  ['missing CAPABILITY_IAM', `Resources:\n  R:\n    ${role}\n`, 'InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_IAM]'],
  ['missing CAPABILITY_NAMED_IAM', `Resources:\n  R:\n    ${role}\n      RoleName: named\n`, 'InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_NAMED_IAM]'],
  [
    'unknown Fn::GetAtt attribute of a supported type',
    'Resources:\n  B: {Type: AWS::S3::Bucket}\nOutputs:\n  O: {Value: !GetAtt B.Nope}\n',
    'ValidationError',
    'Template error: resource B does not support attribute type Nope in Fn::GetAtt',
  ],
  ['missing export', 'Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !ImportValue nowhere}}\n', 'ValidationError', 'No export named nowhere found'],
];

describe.each(['in-process', 'http'] as const)('CloudFormation template errors over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
  });
  afterAll(async () => emu.dispose());

  it.each(CASES)('%s', async (_name, body, code, message) => {
    expect(await failure(cfn.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: body })))).toEqual({ code, status: 400, message });
    const stacks = await cfn.send(new ListStacksCommand({}));
    expect(stacks.StackSummaries ?? []).toEqual([]);
  });

  it('needs a template: "Either Template URL or Template Body must be specified."', async () => {
    expect(await failure(cfn.send(new ValidateTemplateCommand({})))).toEqual({ code: 'ValidationError', status: 400, message: 'Either Template URL or Template Body must be specified.' });
  });

  it('refuses a bad stack name and an existing stack', async () => {
    expect(await failure(cfn.send(new CreateStackCommand({ StackName: '1bad', TemplateBody: 'Resources:\n  B: {Type: AWS::S3::Bucket}\n' })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: "1 validation error detected: Value '1bad' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*",
    });
    await cfn.send(new CreateStackCommand({ StackName: 'twice', TemplateBody: 'Resources:\n  B: {Type: AWS::S3::Bucket}\n' }));
    expect(await failure(cfn.send(new CreateStackCommand({ StackName: 'twice', TemplateBody: 'Resources:\n  B: {Type: AWS::S3::Bucket}\n' })))).toEqual({
      code: 'AlreadyExistsException',
      status: 400,
      message: 'Stack [twice] already exists',
    });
  });
});
