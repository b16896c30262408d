/**
 * CloudFormation stacks over both transports with the real SDK: a stack built as its service role, the
 * service-role refusals (E066, E067, E068), a service role lacking s3:CreateBucket (E070) rolled back, updates,
 * change sets, deletion, exports and the synchronous template errors.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
  ListExportsCommand,
  ListStacksCommand,
  UpdateStackCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketTaggingCommand, HeadBucketCommand, PutObjectCommand, S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { A, B, eventLines, role, settle, setUp, type Principals } from './test-fixtures.js';

async function failure(p: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { code: err.name, status: err.$metadata?.httpStatusCode ?? 0, message: err.message };
  }
  throw new Error('expected the call to fail');
}

const IAM_TEMPLATE = JSON.stringify({
  Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'], Default: 'dev' } },
  Resources: {
    AppRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: [{ PolicyName: 'inline', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }],
      },
    },
    ReadPolicy: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Description: { 'Fn::Sub': 'read for ${Env}' },
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] },
        Roles: [{ Ref: 'AppRole' }],
      },
    },
  },
  Outputs: {
    RoleArn: { Value: { 'Fn::GetAtt': ['AppRole', 'Arn'] }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-RoleArn' } } },
    Env: { Value: { Ref: 'Env' } },
  },
});

const FULL_TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Description: artifact bucket, key and deploy role
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }
            Action: 'kms:*'
            Resource: '*'
  KeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: !Sub 'alias/\${AWS::StackName}'
      TargetKeyId: !Ref Key
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: !GetAtt Key.Arn }
      VersioningConfiguration: { Status: Enabled }
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true }
  ArtifactsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Artifacts
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: 'arn:aws:iam::${B}:root' }
            Action: ['s3:GetObject']
            Resource: !Sub '\${Artifacts.Arn}/*'
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '\${AWS::StackName}-deploy'
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, Principal: { Service: cloudformation.amazonaws.com }, Action: 'sts:AssumeRole' }
Outputs:
  Bucket: { Value: !Ref Artifacts }
  BucketArn: { Value: !GetAtt Artifacts.Arn }
  KeyArn: { Value: !GetAtt Key.Arn }
`;

describe.each(['in-process', 'http'] as const)('CloudFormation stacks over %s', (transport) => {
  let emu: RunningEmulator;
  let who: Principals;
  let cfn: CloudFormationClient;
  let iam: IAMClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    who = await setUp(emu);
    cfn = new CloudFormationClient(emu.configFor(who.deployer));
    iam = new IAMClient(emu.clientConfig(A));
  });
  afterAll(async () => emu.dispose());

  it('creates a stack as its service role, with resources, outputs, exports and events in AWS shape', async () => {
    const out = await cfn.send(new CreateStackCommand({ StackName: 'full', TemplateBody: FULL_TEMPLATE, RoleARN: role(A, 'cfn-role'), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    expect(out.StackId).toMatch(new RegExp(`^arn:aws:cloudformation:us-east-1:${A}:stack/full/[0-9a-f-]{36}$`));
    const stack = await settle(cfn, 'full');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.RoleARN).toBe(role(A, 'cfn-role'));
    expect(stack.Description).toBe('artifact bucket, key and deploy role');
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs['Bucket']).toMatch(/^full-artifacts-[a-z0-9]{12}$/);
    expect(outputs['BucketArn']).toBe(`arn:aws:s3:::${outputs['Bucket']}`);
    await new S3Client(emu.clientConfig(A)).send(new HeadBucketCommand({ Bucket: outputs['Bucket'] }));
    const key = await new KMSClient(emu.clientConfig(A)).send(new DescribeKeyCommand({ KeyId: 'alias/full' }));
    expect(key.KeyMetadata!.Arn).toBe(outputs['KeyArn']);
    const deployRole = await iam.send(new GetRoleCommand({ RoleName: 'full-deploy' }));
    expect(deployRole.Role!.Arn).toBe(role(A, 'full-deploy'));

    const resources = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'full' }));
    expect(resources.StackResources!.map((r) => [r.LogicalResourceId, r.ResourceType, r.ResourceStatus])).toEqual([
      ['Key', 'AWS::KMS::Key', 'CREATE_COMPLETE'],
      ['KeyAlias', 'AWS::KMS::Alias', 'CREATE_COMPLETE'],
      ['Artifacts', 'AWS::S3::Bucket', 'CREATE_COMPLETE'],
      ['ArtifactsPolicy', 'AWS::S3::BucketPolicy', 'CREATE_COMPLETE'],
      ['DeployRole', 'AWS::IAM::Role', 'CREATE_COMPLETE'],
    ]);
    const lines = await eventLines(cfn, 'full');
    expect(lines[0]).toBe('full CREATE_IN_PROGRESS User Initiated');
    expect(lines.slice(1, 4)).toEqual(['Key CREATE_IN_PROGRESS', 'Key CREATE_IN_PROGRESS Resource creation Initiated', 'Key CREATE_COMPLETE']);
    expect(lines.at(-1)).toBe('full CREATE_COMPLETE');
  });

  it('refuses a service role in another account: 403 AccessDenied (errors.jsonl E067)', async () => {
    expect(await failure(cfn.send(new CreateStackCommand({ StackName: 'x', TemplateBody: IAM_TEMPLATE, RoleARN: role(B, 'cfn-role'), Capabilities: ['CAPABILITY_IAM'] })))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: 'Cross-account pass role is not allowed.',
    });
  });

  it('refuses a caller without iam:PassRole in IAM words (errors.jsonl E066)', async () => {
    const client = new CloudFormationClient(emu.configFor(who.noPass));
    expect(await failure(client.send(new CreateStackCommand({ StackName: 'x', TemplateBody: IAM_TEMPLATE, RoleARN: role(A, 'cfn-role'), Capabilities: ['CAPABILITY_IAM'] })))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${A}:user/nopass is not authorized to perform: iam:PassRole on resource: ${role(A, 'cfn-role')} because no identity-based policy allows the iam:PassRole action`,
    });
  });

  it('refuses a role CloudFormation cannot assume, or that does not exist: 400 ValidationError (errors.jsonl E068)', async () => {
    for (const arn of [role(A, 'ec2-role'), role(A, 'no-such-role')]) {
      expect(await failure(cfn.send(new CreateStackCommand({ StackName: 'x', TemplateBody: IAM_TEMPLATE, RoleARN: arn, Capabilities: ['CAPABILITY_IAM'] })))).toEqual({
        code: 'ValidationError',
        status: 400,
        message: `Role ${arn} is invalid or cannot be assumed`,
      });
    }
    const stacks = await cfn.send(new ListStacksCommand({}));
    expect(stacks.StackSummaries!.some((s) => s.StackName === 'x')).toBe(false);
  });

  it('fails the stack when the service role may not create a bucket, and rolls back what it created (errors.jsonl E070)', async () => {
    const template = JSON.stringify({
      Resources: {
        First: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
        Bucket: { Type: 'AWS::S3::Bucket', DependsOn: 'First', Properties: { BucketName: 'denied-bucket-xacct' } },
      },
    });
    await cfn.send(new CreateStackCommand({ StackName: 'denied', TemplateBody: template, RoleARN: role(A, 'cfn-iam-only'), Capabilities: ['CAPABILITY_IAM'] }));
    const stack = await settle(cfn, 'denied');
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    const lines = await eventLines(cfn, 'denied');
    const firstRole = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'denied', LogicalResourceId: 'First' }))).StackResources![0]!;
    expect(lines).toEqual([
      'denied CREATE_IN_PROGRESS User Initiated',
      'First CREATE_IN_PROGRESS',
      'First CREATE_IN_PROGRESS Resource creation Initiated',
      'First CREATE_COMPLETE',
      'Bucket CREATE_IN_PROGRESS',
      // E069's form "API: <action> <service message>"; within one account the emulated S3 words the denial in
      // its detailed same-account form (E023/E024) where E070's older report shows the bare "Access Denied".
      `Bucket CREATE_FAILED API: s3:CreateBucket User: arn:aws:sts::${A}:assumed-role/cfn-iam-only/AWSCloudFormation is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::denied-bucket-xacct" because no identity-based policy allows the s3:CreateBucket action`,
      'denied ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Bucket]. Rollback requested by user.',
      'Bucket DELETE_COMPLETE',
      'First DELETE_IN_PROGRESS',
      'First DELETE_COMPLETE',
      'denied ROLLBACK_COMPLETE',
    ]);
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: firstRole.PhysicalResourceId! })))).toMatchObject({ code: 'NoSuchEntityException', status: 404 });
    expect(await failure(cfn.send(new UpdateStackCommand({ StackName: 'denied', UsePreviousTemplate: true, Capabilities: ['CAPABILITY_IAM'] })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: `Stack:${stack.StackId} is in ROLLBACK_COMPLETE state and can not be updated.`,
    });
  });

  it('acts with the caller when no RoleARN is given; updates; no-op update is refused (errors.jsonl E077)', async () => {
    const root = new CloudFormationClient(emu.clientConfig(A));
    await root.send(new CreateStackCommand({ StackName: 'iam-only', TemplateBody: IAM_TEMPLATE, Capabilities: ['CAPABILITY_IAM'] }));
    let stack = await settle(root, 'iam-only');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.RoleARN).toBeUndefined();
    expect(stack.Parameters).toEqual([{ ParameterKey: 'Env', ParameterValue: 'dev' }]);
    const exports = await root.send(new ListExportsCommand({}));
    expect(exports.Exports).toContainEqual({ ExportingStackId: stack.StackId, Name: 'iam-only-RoleArn', Value: stack.Outputs!.find((o) => o.OutputKey === 'RoleArn')!.OutputValue });

    expect(await failure(root.send(new UpdateStackCommand({ StackName: 'iam-only', UsePreviousTemplate: true, Capabilities: ['CAPABILITY_IAM'], Parameters: [{ ParameterKey: 'Env', UsePreviousValue: true }] })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'No updates are to be performed.',
    });
    await root.send(new UpdateStackCommand({ StackName: 'iam-only', UsePreviousTemplate: true, Capabilities: ['CAPABILITY_IAM'], Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }] }));
    stack = await settle(root, 'iam-only');
    expect(stack.StackStatus).toBe('UPDATE_COMPLETE');
    expect(stack.Outputs!.find((o) => o.OutputKey === 'Env')!.OutputValue).toBe('prod');
    const lines = await eventLines(root, 'iam-only');
    // Description is a replace-on property of AWS::IAM::ManagedPolicy: a new policy, then the old one deleted.
    expect(lines.slice(-8)).toEqual([
      'iam-only UPDATE_IN_PROGRESS User Initiated',
      'ReadPolicy UPDATE_IN_PROGRESS Requested update requires the creation of a new physical resource; hence creating one.',
      'ReadPolicy UPDATE_IN_PROGRESS Resource creation Initiated',
      'ReadPolicy UPDATE_COMPLETE',
      'iam-only UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'ReadPolicy DELETE_IN_PROGRESS',
      'ReadPolicy DELETE_COMPLETE',
      'iam-only UPDATE_COMPLETE',
    ]);
  });

  it("applies an AWS::S3::Bucket's Tags with PutBucketTagging, and removes them when the template drops them", async () => {
    const root = new CloudFormationClient(emu.clientConfig(A));
    const s3 = new S3Client(emu.clientConfig(A));
    const template = (props: object) => JSON.stringify({ Resources: { Tagged: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'cfn-tagged-xacct', ...props } } } });
    await root.send(new CreateStackCommand({ StackName: 'tagged', TemplateBody: template({ Tags: [{ Key: 'team', Value: 'delivery' }] }) }));
    expect((await settle(root, 'tagged')).StackStatus).toBe('CREATE_COMPLETE');
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: 'cfn-tagged-xacct' }))).TagSet).toEqual([{ Key: 'team', Value: 'delivery' }]);
    await root.send(new UpdateStackCommand({ StackName: 'tagged', TemplateBody: template({}) }));
    expect((await settle(root, 'tagged')).StackStatus).toBe('UPDATE_COMPLETE');
    expect(await failure(s3.send(new GetBucketTaggingCommand({ Bucket: 'cfn-tagged-xacct' })))).toEqual({ code: 'NoSuchTagSet', status: 404, message: 'The TagSet does not exist' });
  });

  it('rolls back a failed update to UPDATE_ROLLBACK_COMPLETE and restores the previous resources', async () => {
    const v1 = JSON.stringify({
      Resources: {
        R: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] } }],
          },
        },
      },
    });
    await cfn.send(new CreateStackCommand({ StackName: 'upd', TemplateBody: v1, RoleARN: role(A, 'cfn-iam-only'), Capabilities: ['CAPABILITY_IAM'] }));
    const created = await settle(cfn, 'upd');
    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    const roleName = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'upd' }))).StackResources![0]!.PhysicalResourceId!;
    const v2 = JSON.parse(v1) as { Resources: Record<string, { Type: string; DependsOn?: string; Properties: Record<string, unknown> }> };
    (v2.Resources['R']!.Properties['Policies'] as Array<{ PolicyDocument: { Statement: Array<{ Action: string }> } }>)[0]!.PolicyDocument.Statement[0]!.Action = 'sqs:*';
    v2.Resources['B'] = { Type: 'AWS::S3::Bucket', DependsOn: 'R', Properties: {} };
    await cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: JSON.stringify(v2), Capabilities: ['CAPABILITY_IAM'] }));
    const stack = await settle(cfn, 'upd');
    expect(stack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const lines = await eventLines(cfn, 'upd');
    expect(lines.find((l) => l.startsWith('B CREATE_FAILED'))).toMatch(
      new RegExp(`^B CREATE_FAILED API: s3:CreateBucket User: arn:aws:sts::${A}:assumed-role/cfn-iam-only/AWSCloudFormation is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::upd-b-[a-z0-9]{12}" because no identity-based policy allows the s3:CreateBucket action$`),
    );
    expect(lines).toContain('upd UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [B]. ');
    expect(lines.at(-1)).toBe('upd UPDATE_ROLLBACK_COMPLETE');
    const policy = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'p' }));
    expect(decodeURIComponent(policy.PolicyDocument!)).toContain('sqs:SendMessage');
    const template = await cfn.send(new GetTemplateCommand({ StackName: 'upd' }));
    expect(template.TemplateBody).toBe(v1);
  });

  it('creates and executes change sets (CREATE, then UPDATE), and reports a change set without changes', async () => {
    const created = await cfn.send(new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'first', ChangeSetType: 'CREATE', TemplateBody: IAM_TEMPLATE, RoleARN: role(A, 'cfn-role'), Capabilities: ['CAPABILITY_IAM'] }));
    expect(created.Id).toMatch(new RegExp(`^arn:aws:cloudformation:us-east-1:${A}:changeSet/first/`));
    let stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'cs' }))).Stacks![0]!;
    expect(stack.StackStatus).toBe('REVIEW_IN_PROGRESS');
    const described = await cfn.send(new DescribeChangeSetCommand({ StackName: 'cs', ChangeSetName: 'first' }));
    expect(described).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', ChangeSetName: 'first', StackId: created.StackId });
    expect(described.Changes!.map((c) => [c.ResourceChange!.Action, c.ResourceChange!.LogicalResourceId])).toEqual([['Add', 'AppRole'], ['Add', 'ReadPolicy']]);
    await cfn.send(new ExecuteChangeSetCommand({ StackName: 'cs', ChangeSetName: 'first' }));
    stack = await settle(cfn, 'cs');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.ChangeSetId).toBe(created.Id);

    const same = await cfn.send(new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'same', UsePreviousTemplate: true, Capabilities: ['CAPABILITY_IAM'] }));
    expect(await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: same.Id }))).toMatchObject({
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    await cfn.send(new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'prod', UsePreviousTemplate: true, Capabilities: ['CAPABILITY_IAM'], Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }] }));
    const prod = await cfn.send(new DescribeChangeSetCommand({ StackName: 'cs', ChangeSetName: 'prod' }));
    expect(prod.Changes!.map((c) => [c.ResourceChange!.Action, c.ResourceChange!.LogicalResourceId, c.ResourceChange!.Replacement])).toEqual([['Modify', 'ReadPolicy', 'True']]);
    const listed = await cfn.send(new ListChangeSetsCommand({ StackName: 'cs' }));
    expect(listed.Summaries!.map((s) => [s.ChangeSetName, s.Status])).toEqual([['first', 'CREATE_COMPLETE'], ['same', 'FAILED'], ['prod', 'CREATE_COMPLETE']]);
    await cfn.send(new ExecuteChangeSetCommand({ StackName: 'cs', ChangeSetName: 'prod' }));
    stack = await settle(cfn, 'cs');
    expect(stack.StackStatus).toBe('UPDATE_COMPLETE');
    expect(await failure(cfn.send(new ExecuteChangeSetCommand({ StackName: 'cs', ChangeSetName: 'nope' })))).toEqual({ code: 'ChangeSetNotFoundException', status: 404, message: 'ChangeSet [nope] does not exist' });
  });

  it('deletes a stack and its resources; the deleted stack is found by id only', async () => {
    const root = new CloudFormationClient(emu.clientConfig(A));
    const { StackId } = await root.send(new CreateStackCommand({ StackName: 'gone', TemplateBody: IAM_TEMPLATE, Capabilities: ['CAPABILITY_IAM'] }));
    await settle(root, 'gone');
    const roleName = (await root.send(new DescribeStackResourcesCommand({ StackName: 'gone', LogicalResourceId: 'AppRole' }))).StackResources![0]!.PhysicalResourceId!;
    await root.send(new DeleteStackCommand({ StackName: 'gone' }));
    const deleted = await settle(root, StackId!);
    expect(deleted.StackStatus).toBe('DELETE_COMPLETE');
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: roleName })))).toMatchObject({ code: 'NoSuchEntityException', status: 404 });
    expect(await failure(root.send(new DescribeStacksCommand({ StackName: 'gone' })))).toEqual({ code: 'ValidationError', status: 400, message: 'Stack with id gone does not exist' });
    expect((await root.send(new ListExportsCommand({}))).Exports!.some((e) => e.ExportingStackId === StackId)).toBe(false);
  });

  it('fails a stack with a resource type xacct does not emulate, and leaves nothing behind', async () => {
    const root = new CloudFormationClient(emu.clientConfig(A));
    const template = JSON.stringify({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'unsupported-xacct-bucket' } },
        Topic: { Type: 'AWS::SQS::Queue', DependsOn: 'Bucket' },
      },
    });
    await root.send(new CreateStackCommand({ StackName: 'unsupported', TemplateBody: template }));
    expect((await settle(root, 'unsupported')).StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(await eventLines(root, 'unsupported')).toContain('Topic CREATE_FAILED Resource type AWS::SQS::Queue is not supported by xacct');
    expect(await failure(new S3Client(emu.clientConfig(A)).send(new HeadBucketCommand({ Bucket: 'unsupported-xacct-bucket' })))).toMatchObject({ status: 404 });
  });

  it('reads TemplateURL from S3 as the caller (errors.jsonl E075 when the caller may not read it)', async () => {
    const s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: 'templates-xacct' }));
    await s3.send(new PutObjectCommand({ Bucket: 'templates-xacct', Key: 'iam.json', Body: IAM_TEMPLATE }));
    const url = `https://s3.amazonaws.com/templates-xacct/iam.json`;
    const validated = await cfn.send(new ValidateTemplateCommand({ TemplateURL: url }));
    expect(validated.Capabilities).toEqual(['CAPABILITY_IAM']);
    await cfn.send(new CreateStackCommand({ StackName: 'from-url', TemplateURL: `${emu.endpoint}/templates-xacct/iam.json`, RoleARN: role(A, 'cfn-role'), Capabilities: ['CAPABILITY_IAM'] }));
    expect((await settle(cfn, 'from-url')).StackStatus).toBe('CREATE_COMPLETE');
    const other = new CloudFormationClient(emu.configFor(who.deployerB));
    expect(await failure(other.send(new CreateStackCommand({ StackName: 'from-url', TemplateURL: url, Capabilities: ['CAPABILITY_IAM'] })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'S3 error: Access Denied For more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html',
    });
  });
});
