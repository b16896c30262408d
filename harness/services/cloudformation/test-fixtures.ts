/**
 * Test fixtures for the CloudFormation service tests: principals created with real IAM calls in the two default
 * accounts, and a poller that waits for a stack to leave its *_IN_PROGRESS states (as the SDK waiters do, without
 * their multi-second delays).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
 */
import { CloudFormationClient, DescribeStacksCommand, DescribeStackEventsCommand, type Stack, type StackEvent } from '@aws-sdk/client-cloudformation';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { Credentials, RunningEmulator } from '../../index.js';

export const A = '111111111111';
export const B = '222222222222';

export const allow = (actions: string[], resource: string | string[] = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] });

export const trust = (principal: Record<string, string>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

export const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

export interface Principals {
  /** cloudformation:* and iam:PassRole on every role of account A. */
  deployer: Credentials;
  /** cloudformation:* only. */
  noPass: Credentials;
  /** cloudformation:* and iam:PassRole, in account B. */
  deployerB: Credentials;
}

async function user(iam: IAMClient, name: string, policy: string): Promise<Credentials> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

async function serviceRole(iam: IAMClient, name: string, service: string, policy: string): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust({ Service: service }) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: policy }));
}

/**
 * Account A: `cfn-role` (trusted by CloudFormation; iam, s3, kms, codepipeline, lambda), `cfn-iam-only` (trusted; iam only, no
 * s3:CreateBucket), `ec2-role` (trusted by EC2 only). Account B: `cfn-role`.
 */
export async function setUp(emu: RunningEmulator): Promise<Principals> {
  const iamA = new IAMClient(emu.clientConfig(A));
  const iamB = new IAMClient(emu.clientConfig(B));
  await serviceRole(iamA, 'cfn-role', 'cloudformation.amazonaws.com', allow(['iam:*', 's3:*', 'kms:*', 'codepipeline:*', 'lambda:*']));
  await serviceRole(iamA, 'cfn-iam-only', 'cloudformation.amazonaws.com', allow(['iam:*']));
  await serviceRole(iamA, 'ec2-role', 'ec2.amazonaws.com', allow(['*']));
  await serviceRole(iamB, 'cfn-role', 'cloudformation.amazonaws.com', allow(['iam:*', 's3:*']));
  return {
    deployer: await user(iamA, 'deployer', JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['cloudformation:*', 's3:GetObject'], Resource: '*' },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: [`arn:aws:iam::${A}:role/*`, `arn:aws:iam::${B}:role/*`] },
      ],
    })),
    noPass: await user(iamA, 'nopass', allow(['cloudformation:*'])),
    deployerB: await user(iamB, 'deployer', allow(['cloudformation:*', 'iam:PassRole'])),
  };
}

/** The environment /usr/bin/aws runs in for a test: these keys, us-east-1, and no user configuration or pager. */
export function awsCliEnv(creds: Credentials): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls DescribeStacks until the stack is in a final state; returns the stack. */
export async function settle(cfn: CloudFormationClient, stackName: string): Promise<Stack> {
  for (let i = 0; i < 2000; i++) {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = out.Stacks![0]!;
    if (!stack.StackStatus!.endsWith('_IN_PROGRESS')) return stack;
    await sleep(2);
  }
  throw new Error(`stack ${stackName} did not settle`);
}

/** Events oldest first, as "<LogicalResourceId> <ResourceStatus>[ <reason>]" for readable assertions. */
export async function eventLines(cfn: CloudFormationClient, stackName: string): Promise<string[]> {
  const out = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
  return [...(out.StackEvents ?? [])].reverse().map((e: StackEvent) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`);
}

/** The AWS error a call fails with, as { code, status, message } for exact assertions. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { code: err.name, status: err.$metadata?.httpStatusCode ?? 0, message: err.message };
  }
  throw new Error('expected the call to fail');
}
