/**
 * Issue 2's "Done when", driven by clients nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) and
 * Debian's python3-boto3, both against a real `xacct serve` process.
 * Wordings: AccessDenied for a trust policy that does not allow the caller (errors.jsonl E048: no "because"
 * clause from STS), InvalidClientTokenId for an unknown key (E055), SignatureDoesNotMatch for a wrong secret
 * (STS's query-protocol text, as the STS test asserts).
 */
import { execFile, execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, awsFailure, awsJson, isolatedEnv, type CliCredentials } from './helpers/aws-cli.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';

const PIPELINE = '111111111111';
const TARGET = '222222222222';
const SIG_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const rootOf = (account: string): CliCredentials => ({ accessKeyId: account, secretAccessKey: 'test' });
const trustPolicy = (principal: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });

interface Identity {
  UserId: string;
  Account: string;
  Arn: string;
}

describe('AWS CLI v2 against xacct serve', () => {
  let serve: ServeProcess;
  let ci: CliCredentials;

  beforeAll(async () => {
    serve = await startServe(['--port', '0', '--https-port', '0'], 2);
  });
  afterAll(async () => {
    await serve.stop();
  });

  it('is the Debian AWS CLI v2', () => {
    const version = execFileSync('/usr/bin/aws', ['--version'], { env: isolatedEnv(rootOf(PIPELINE)) }).toString();
    expect(version).toMatch(/^aws-cli\/2\./);
  });

  it('gets the caller identity as each account root', async () => {
    for (const account of [PIPELINE, TARGET]) {
      const id = await awsJson<Identity>(serve.endpoint, rootOf(account), ['sts', 'get-caller-identity']);
      expect(id).toEqual({ UserId: account, Account: account, Arn: `arn:aws:iam::${account}:root` });
    }
  });

  it('creates a role in 222222222222 trusted by 111111111111', async () => {
    const out = await awsJson<{ Role: { Arn: string; AssumeRolePolicyDocument: unknown } }>(serve.endpoint, rootOf(TARGET), [
      'iam',
      'create-role',
      '--role-name',
      'deployer',
      '--assume-role-policy-document',
      trustPolicy(`arn:aws:iam::${PIPELINE}:root`),
    ]);
    expect(out.Role.Arn).toBe(`arn:aws:iam::${TARGET}:role/deployer`);
    // The CLI decodes the URL-encoded document IAM returns.
    expect(out.Role.AssumeRolePolicyDocument).toEqual(JSON.parse(trustPolicy(`arn:aws:iam::${PIPELINE}:root`)));
    await awsJson(serve.endpoint, rootOf(TARGET), ['iam', 'create-role', '--role-name', 'locked', '--assume-role-policy-document', trustPolicy('333333333333')]);
  });

  it('creates a user in 111111111111 allowed sts:AssumeRole, with access keys that sign as the user', async () => {
    const root = rootOf(PIPELINE);
    const user = await awsJson<{ User: { Arn: string } }>(serve.endpoint, root, ['iam', 'create-user', '--user-name', 'ci']);
    expect(user.User.Arn).toBe(`arn:aws:iam::${PIPELINE}:user/ci`);
    await awsJson(serve.endpoint, root, [
      'iam',
      'put-user-policy',
      '--user-name',
      'ci',
      '--policy-name',
      'assume',
      '--policy-document',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
    ]);
    const key = await awsJson<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string; Status: string } }>(serve.endpoint, root, [
      'iam',
      'create-access-key',
      '--user-name',
      'ci',
    ]);
    expect(key.AccessKey.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(key.AccessKey.Status).toBe('Active');
    ci = { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey };
    const id = await awsJson<Identity>(serve.endpoint, ci, ['sts', 'get-caller-identity']);
    expect(id.Arn).toBe(`arn:aws:iam::${PIPELINE}:user/ci`);
    expect(id.UserId).toMatch(/^AIDA[A-Z2-7]{16}$/);
  });

  it("assumes the role with the user's keys and sees the assumed-role identity", async () => {
    const out = await awsJson<{
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
      AssumedRoleUser: { Arn: string; AssumedRoleId: string };
    }>(serve.endpoint, ci, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${TARGET}:role/deployer`, '--role-session-name', 'deploy-1']);
    expect(out.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${TARGET}:assumed-role/deployer/deploy-1`);
    expect(out.AssumedRoleUser.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{16}:deploy-1$/);
    expect(out.Credentials.AccessKeyId).toMatch(/^ASIA/);
    expect(Date.parse(out.Credentials.Expiration)).toBeGreaterThan(Date.now() + 3500_000);
    const session = { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey, sessionToken: out.Credentials.SessionToken };
    const id = await awsJson<Identity>(serve.endpoint, session, ['sts', 'get-caller-identity']);
    expect(id).toEqual({ UserId: out.AssumedRoleUser.AssumedRoleId, Account: TARGET, Arn: `arn:aws:sts::${TARGET}:assumed-role/deployer/deploy-1` });
  });

  it('is refused with AWS\'s exact AccessDenied when the trust policy does not allow the caller (E048)', async () => {
    const err = await awsFailure(serve.endpoint, ci, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${TARGET}:role/locked`, '--role-session-name', 'nope']);
    expect(err).toEqual({
      exitCode: 254,
      code: 'AccessDenied',
      operation: 'AssumeRole',
      message: `User: arn:aws:iam::${PIPELINE}:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${TARGET}:role/locked`,
    });
  });

  it('is refused with SignatureDoesNotMatch on a wrong secret', async () => {
    const err = await awsFailure(serve.endpoint, { accessKeyId: PIPELINE, secretAccessKey: 'wrong' }, ['sts', 'get-caller-identity']);
    expect(err).toEqual({ exitCode: 254, code: 'SignatureDoesNotMatch', operation: 'GetCallerIdentity', message: SIG_MISMATCH });
    const userErr = await awsFailure(serve.endpoint, { ...ci, secretAccessKey: `${ci.secretAccessKey}x` }, ['iam', 'list-roles']);
    expect(userErr).toEqual({ exitCode: 254, code: 'SignatureDoesNotMatch', operation: 'ListRoles', message: SIG_MISMATCH });
  });

  it('is refused with InvalidClientTokenId on an unknown key (E055)', async () => {
    const err = await awsFailure(serve.endpoint, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }, ['sts', 'get-caller-identity']);
    expect(err).toEqual({ exitCode: 254, code: 'InvalidClientTokenId', operation: 'GetCallerIdentity', message: 'The security token included in the request is invalid' });
    const iamErr = await awsFailure(serve.endpoint, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }, ['iam', 'list-users']);
    expect(iamErr).toEqual({ exitCode: 254, code: 'InvalidClientTokenId', operation: 'ListUsers', message: 'The security token included in the request is invalid' });
  });

  it('refuses IAM calls the user is not allowed, in IAM\'s words', async () => {
    const err = await awsFailure(serve.endpoint, ci, ['iam', 'create-role', '--role-name', 'y', '--assume-role-policy-document', trustPolicy(PIPELINE)]);
    expect(err).toEqual({
      exitCode: 254,
      code: 'AccessDenied',
      operation: 'CreateRole',
      message: `User: arn:aws:iam::${PIPELINE}:user/ci is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${PIPELINE}:role/y because no identity-based policy allows the iam:CreateRole action`,
    });
  });

  // GetFederationToken's shape: localstack/localstack tests/aws/services/sts/test_sts.snapshot.json (AWS-validated);
  // the federated user's permissions are the caller's policies intersected with the session policy
  // (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html).
  it('gets a federation token and acts as the federated user, within its session policy', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] });
    const out = await awsJson<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; FederatedUser: { Arn: string; FederatedUserId: string }; PackedPolicySize: number }>(
      serve.endpoint,
      rootOf(PIPELINE),
      ['sts', 'get-federation-token', '--name', 'cli-fed', '--duration-seconds', '900', '--policy', policy],
    );
    expect(out.FederatedUser).toEqual({ Arn: `arn:aws:sts::${PIPELINE}:federated-user/cli-fed`, FederatedUserId: `${PIPELINE}:cli-fed` });
    const fed = { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey, sessionToken: out.Credentials.SessionToken };
    expect(await awsJson<Identity>(serve.endpoint, fed, ['sts', 'get-caller-identity'])).toEqual({
      UserId: `${PIPELINE}:cli-fed`,
      Account: PIPELINE,
      Arn: `arn:aws:sts::${PIPELINE}:federated-user/cli-fed`,
    });
    await awsJson(serve.endpoint, fed, ['iam', 'list-roles']);
    const err = await awsFailure(serve.endpoint, fed, ['iam', 'list-users']);
    expect(err).toEqual({
      exitCode: 254,
      code: 'AccessDenied',
      operation: 'ListUsers',
      message: `User: arn:aws:sts::${PIPELINE}:federated-user/cli-fed is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${PIPELINE}:user/ because no session policy allows the iam:ListUsers action`,
    });
  });

  // A member acts with its group's policies (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html);
  // "Cannot delete entity, must remove users from group first." as AWS answers DeleteGroup (go-to-k/delstack#40) and
  // "The group with name X cannot be found." (localstack tests/aws/services/iam/test_iam_groups.snapshot.json).
  it("gives a user its group's permissions: create-group, put-group-policy, add-user-to-group", async () => {
    const root = rootOf(PIPELINE);
    await awsJson(serve.endpoint, root, ['iam', 'create-user', '--user-name', 'grouped']);
    const key = await awsJson<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(serve.endpoint, root, ['iam', 'create-access-key', '--user-name', 'grouped']);
    const grouped = { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey };
    const assume = ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${TARGET}:role/deployer`, '--role-session-name', 'grouped'];
    expect((await awsFailure(serve.endpoint, grouped, assume)).code).toBe('AccessDenied');

    const group = await awsJson<{ Group: { Arn: string } }>(serve.endpoint, root, ['iam', 'create-group', '--group-name', 'deployers']);
    expect(group.Group.Arn).toBe(`arn:aws:iam::${PIPELINE}:group/deployers`);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    expect(await aws(serve.endpoint, root, ['iam', 'put-group-policy', '--group-name', 'deployers', '--policy-name', 'assume', '--policy-document', policy])).toMatchObject({ code: 0, stderr: '' });
    expect(await aws(serve.endpoint, root, ['iam', 'add-user-to-group', '--group-name', 'deployers', '--user-name', 'grouped'])).toMatchObject({ code: 0, stderr: '' });
    const got = await awsJson<{ Users: Array<{ UserName: string }> }>(serve.endpoint, root, ['iam', 'get-group', '--group-name', 'deployers']);
    expect(got.Users.map((u) => u.UserName)).toEqual(['grouped']);
    const out = await awsJson<{ AssumedRoleUser: { Arn: string } }>(serve.endpoint, grouped, assume);
    expect(out.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${TARGET}:assumed-role/deployer/grouped`);

    expect(await awsFailure(serve.endpoint, root, ['iam', 'delete-group', '--group-name', 'deployers'])).toEqual({
      exitCode: 254,
      code: 'DeleteConflict',
      operation: 'DeleteGroup',
      message: 'Cannot delete entity, must remove users from group first.',
    });
    expect(await awsFailure(serve.endpoint, root, ['iam', 'get-group', '--group-name', 'nobody'])).toEqual({
      exitCode: 254,
      code: 'NoSuchEntity',
      operation: 'GetGroup',
      message: 'The group with name nobody cannot be found.',
    });
  });

  it('works over HTTPS with the printed CA bundle (AWS_CA_BUNDLE)', async () => {
    const r = await aws(serve.httpsEndpoint!, rootOf(TARGET), ['sts', 'get-caller-identity'], { AWS_CA_BUNDLE: serve.caFile! });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ UserId: TARGET, Account: TARGET, Arn: `arn:aws:iam::${TARGET}:root` });
  });
});

/** One Python process runs the whole flow with boto3 and prints a JSON report of what it saw. */
const BOTO3_FLOW = `
import json, os, boto3
from botocore.exceptions import ClientError
ep = os.environ['XACCT_ENDPOINT']
def client(svc, key, secret, token=None):
    return boto3.client(svc, endpoint_url=ep, region_name='us-east-1', aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token)
def err(fn):
    try:
        fn()
        return None
    except ClientError as e:
        return {'code': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'],
                'message': e.response['Error']['Message']}
out = {}
out['roots'] = [client('sts', a, 'test').get_caller_identity()['Arn'] for a in ('111111111111', '222222222222')]
trust = lambda p: json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': p}, 'Action': 'sts:AssumeRole'}]})
client('iam', '222222222222', 'test').create_role(RoleName='boto-deployer', AssumeRolePolicyDocument=trust('111111111111'))
client('iam', '222222222222', 'test').create_role(RoleName='boto-locked', AssumeRolePolicyDocument=trust('333333333333'))
iam = client('iam', '111111111111', 'test')
iam.create_user(UserName='boto-ci')
iam.put_user_policy(UserName='boto-ci', PolicyName='assume', PolicyDocument=json.dumps(
    {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Resource': '*'}]}))
key = iam.create_access_key(UserName='boto-ci')['AccessKey']
sts = client('sts', key['AccessKeyId'], key['SecretAccessKey'])
assumed = sts.assume_role(RoleArn='arn:aws:iam::222222222222:role/boto-deployer', RoleSessionName='boto')
c = assumed['Credentials']
out['session'] = client('sts', c['AccessKeyId'], c['SecretAccessKey'], c['SessionToken']).get_caller_identity()['Arn']
out['trustDenied'] = err(lambda: sts.assume_role(RoleArn='arn:aws:iam::222222222222:role/boto-locked', RoleSessionName='boto'))
out['wrongSecret'] = err(lambda: client('sts', '111111111111', 'nope').get_caller_identity())
out['unknownKey'] = err(lambda: client('sts', 'AKIAIOSFODNN7EXAMPLE', 'x').get_caller_identity())
print(json.dumps(out))
`;

// Debian's python3 with python3-boto3 (installed by .ci/run): another real AWS client, never skipped.
describe('boto3 against xacct serve', () => {
  it('runs the same flow with the same answers', async () => {
    const serve = await startServe(['--port', '0'], 2);
    try {
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(
          '/usr/bin/python3',
          ['-c', BOTO3_FLOW],
          { env: { ...isolatedEnv(rootOf(PIPELINE)), XACCT_ENDPOINT: serve.endpoint, AWS_RETRY_MODE: 'standard' }, timeout: 60_000 },
          (error, out, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(out)),
        ),
      );
      expect(JSON.parse(stdout)).toEqual({
        roots: [`arn:aws:iam::${PIPELINE}:root`, `arn:aws:iam::${TARGET}:root`],
        session: `arn:aws:sts::${TARGET}:assumed-role/boto-deployer/boto`,
        trustDenied: {
          code: 'AccessDenied',
          status: 403,
          message: `User: arn:aws:iam::${PIPELINE}:user/boto-ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${TARGET}:role/boto-locked`,
        },
        wrongSecret: { code: 'SignatureDoesNotMatch', status: 403, message: SIG_MISMATCH },
        unknownKey: { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid' },
      });
    } finally {
      await serve.stop();
    }
  });
});
