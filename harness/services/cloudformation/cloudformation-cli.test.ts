/**
 * Issue 7's "Done when" with a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) against an HTTP
 * emulator. create-stack with a service role builds its resources; cross-account pass role (E067), a missing
 * iam:PassRole (E066) and an untrusted role (E068) are refused in AWS's words; a service role lacking
 * s3:CreateBucket fails the stack with the reason in its events and rolls it back (E069/E070 form);
 * create-change-set + execute-change-set work.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Credentials, type RunningEmulator } from '../../index.js';
import { A, awsCliEnv, B, role, setUp, type Principals } from './test-fixtures.js';

const run = promisify(execFile);

const TEMPLATE = `
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: { Status: Enabled }
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { AWS: 'arn:aws:iam::${B}:root' }, Action: 'sts:AssumeRole' }]
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement: [{ Effect: Allow, Action: 's3:GetObject', Resource: !Sub '\${Artifacts.Arn}/*' }]
Outputs:
  Bucket: { Value: !Ref Artifacts }
  Reader: { Value: !Ref Reader }
`;

interface CliError {
  code: number;
  stderr: string;
}

describe('CloudFormation with /usr/bin/aws', () => {
  let emu: RunningEmulator;
  let who: Principals;
  let template: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
    who = await setUp(emu);
    const dir = await mkdtemp(join(tmpdir(), 'xacct-cfn-cli-'));
    const file = join(dir, 'template.yaml');
    await writeFile(file, TEMPLATE);
    template = `file://${file}`;
  });
  afterAll(() => emu.dispose());

  const aws = async (creds: Credentials, ...args: string[]): Promise<any> => {
    const out = await run('/usr/bin/aws', ['--endpoint-url', emu.endpoint, '--output', 'json', 'cloudformation', ...args], { env: awsCliEnv(creds) });
    return out.stdout.trim() === '' ? {} : JSON.parse(out.stdout);
  };

  const refused = async (creds: Credentials, ...args: string[]): Promise<CliError> => {
    try {
      await aws(creds, ...args);
    } catch (e) {
      const err = e as { code: number; stderr: string };
      return { code: err.code, stderr: err.stderr.trim() };
    }
    throw new Error('expected the CLI to fail');
  };

  const settle = async (creds: Credentials, stack: string): Promise<{ StackStatus: string; Outputs?: Array<{ OutputKey: string; OutputValue: string }> }> => {
    for (let i = 0; i < 200; i++) {
      const out = (await aws(creds, 'describe-stacks', '--stack-name', stack)) as { Stacks: Array<{ StackStatus: string }> };
      if (!out.Stacks[0]!.StackStatus.endsWith('_IN_PROGRESS')) return out.Stacks[0]!;
    }
    throw new Error(`stack ${stack} did not settle`);
  };

  it('create-stack with a service role builds its resources', async () => {
    const created = (await aws(who.deployer, 'create-stack', '--stack-name', 'cli-stack', '--template-body', template, '--role-arn', role(A, 'cfn-role'), '--capabilities', 'CAPABILITY_IAM')) as { StackId: string };
    expect(created.StackId).toMatch(new RegExp(`^arn:aws:cloudformation:us-east-1:${A}:stack/cli-stack/`));
    const stack = await settle(who.deployer, 'cli-stack');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    await new S3Client(emu.clientConfig(A)).send(new HeadBucketCommand({ Bucket: outputs['Bucket'] }));
    const reader = await new IAMClient(emu.clientConfig(A)).send(new GetRoleCommand({ RoleName: outputs['Reader'] }));
    expect(reader.Role!.RoleName).toMatch(/^cli-stack-Reader-[A-Z0-9]{12}$/);
    const resources = (await aws(who.deployer, 'describe-stack-resources', '--stack-name', 'cli-stack')) as { StackResources: Array<{ LogicalResourceId: string; ResourceStatus: string }> };
    expect(resources.StackResources.map((r) => `${r.LogicalResourceId} ${r.ResourceStatus}`)).toEqual(['Artifacts CREATE_COMPLETE', 'Reader CREATE_COMPLETE']);
  });

  it('refuses a service role of another account, a caller without iam:PassRole and a role CloudFormation cannot assume', async () => {
    const args = ['create-stack', '--stack-name', 'cli-refused', '--template-body', template, '--capabilities', 'CAPABILITY_IAM', '--role-arn'];
    expect(await refused(who.deployer, ...args, role(B, 'cfn-role'))).toEqual({
      code: 254,
      stderr: 'An error occurred (AccessDenied) when calling the CreateStack operation: Cross-account pass role is not allowed.',
    });
    expect(await refused(who.noPass, ...args, role(A, 'cfn-role'))).toEqual({
      code: 254,
      stderr: `An error occurred (AccessDenied) when calling the CreateStack operation: User: arn:aws:iam::${A}:user/nopass is not authorized to perform: iam:PassRole on resource: ${role(A, 'cfn-role')} because no identity-based policy allows the iam:PassRole action`,
    });
    expect(await refused(who.deployer, ...args, role(A, 'ec2-role'))).toEqual({
      code: 254,
      stderr: `An error occurred (ValidationError) when calling the CreateStack operation: Role ${role(A, 'ec2-role')} is invalid or cannot be assumed`,
    });
  });

  it('a service role lacking s3:CreateBucket fails the stack with the reason in its events and rolls it back', async () => {
    await aws(who.deployer, 'create-stack', '--stack-name', 'cli-denied', '--template-body', template, '--role-arn', role(A, 'cfn-iam-only'), '--capabilities', 'CAPABILITY_IAM');
    expect((await settle(who.deployer, 'cli-denied')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = (await aws(who.deployer, 'describe-stack-events', '--stack-name', 'cli-denied')) as { StackEvents: Array<{ LogicalResourceId: string; ResourceStatus: string; ResourceStatusReason?: string; ResourceType: string }> };
    const lines = events.StackEvents.map((e) => `${e.LogicalResourceId} ${e.ResourceType} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`);
    expect(lines[0]).toBe('cli-denied AWS::CloudFormation::Stack ROLLBACK_COMPLETE');
    expect(lines).toContain('cli-denied AWS::CloudFormation::Stack ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Artifacts]. Rollback requested by user.');
    expect(lines.find((l) => l.startsWith('Artifacts AWS::S3::Bucket CREATE_FAILED'))).toMatch(
      new RegExp(`^Artifacts AWS::S3::Bucket CREATE_FAILED API: s3:CreateBucket User: arn:aws:sts::${A}:assumed-role/cfn-iam-only/AWSCloudFormation is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::cli-denied-artifacts-[a-z0-9]{12}" because no identity-based policy allows the s3:CreateBucket action$`),
    );
    expect(lines.at(-1)).toBe('cli-denied AWS::CloudFormation::Stack CREATE_IN_PROGRESS User Initiated');
  });

  it('create-change-set + execute-change-set create the stack', async () => {
    const cs = (await aws(who.deployer, 'create-change-set', '--stack-name', 'cli-cs', '--change-set-name', 'first', '--change-set-type', 'CREATE', '--template-body', template, '--role-arn', role(A, 'cfn-role'), '--capabilities', 'CAPABILITY_IAM')) as { Id: string; StackId: string };
    expect(cs.Id).toMatch(new RegExp(`^arn:aws:cloudformation:us-east-1:${A}:changeSet/first/`));
    const described = (await aws(who.deployer, 'describe-change-set', '--change-set-name', cs.Id)) as { Status: string; ExecutionStatus: string; Changes: Array<{ ResourceChange: { Action: string; LogicalResourceId: string } }> };
    expect(described.Status).toBe('CREATE_COMPLETE');
    expect(described.ExecutionStatus).toBe('AVAILABLE');
    expect(described.Changes.map((c) => `${c.ResourceChange.Action} ${c.ResourceChange.LogicalResourceId}`)).toEqual(['Add Artifacts', 'Add Reader']);
    await aws(who.deployer, 'execute-change-set', '--change-set-name', 'first', '--stack-name', 'cli-cs');
    expect((await settle(who.deployer, 'cli-cs')).StackStatus).toBe('CREATE_COMPLETE');
    const listed = (await aws(who.deployer, 'list-change-sets', '--stack-name', 'cli-cs')) as { Summaries: Array<{ ChangeSetName: string; ExecutionStatus: string }> };
    expect(listed.Summaries.map((s) => `${s.ChangeSetName} ${s.ExecutionStatus}`)).toEqual(['first EXECUTE_COMPLETE']);
  });
});
