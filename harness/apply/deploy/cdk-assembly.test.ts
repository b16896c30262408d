/**
 * An AWS CDK cloud assembly (cdk-assembly.ts, cdk-bootstrap.ts, file-asset.ts): a real three-stack app in three
 * accounts (test/fixtures/cdk-apps/three-stacks.ts) synthesized by aws-cdk-lib at test time into a temporary
 * cdk.out, read into the steps `cdk bootstrap` and `cdk deploy --all` make, and deployed: each environment
 * bootstrapped (the CDKToolkit stack's roles, bucket and version parameter as the bootstrap template has them), the
 * file assets published as the file-publishing role, the stacks deployed in dependency order as the deploy role with
 * the cfn-exec role as CloudFormation's RoleARN; `xacct apply cdk.out` does the same against a running server's https
 * endpoint.
 * Over plain HTTP the bootstrap bucket's policy (AllowSSLRequestsOnly, aws:SecureTransport false) refuses the
 * publishing, as S3 refuses it: an explicit deny in a resource-based policy (errors.jsonl E024, S3 AccessDenied 403
 * "User: … is not authorized to perform: s3:PutObject on resource: … with an explicit deny in a resource-based
 * policy").
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROD, synthThreeStacks, TEST, TOOLS } from '../../../test/fixtures/cdk-apps/three-stacks.js';
import { startEmulator } from '../../index.js';
import { ApplyResourceError } from '../errors.js';
import { apply } from './apply-plan.js';
import { readCloudAssembly } from './cdk-assembly.js';
import type { DeployDocument } from './types.js';

const ACCOUNTS = [
  { name: 'tools', id: TOOLS },
  { name: 'test', id: TEST },
  { name: 'prod', id: PROD },
];
let plan: DeployDocument;
let assembly: string;

beforeAll(async () => {
  assembly = synthThreeStacks();
  plan = await readCloudAssembly(assembly);
}, 120_000);

describe('a CDK cloud assembly of three stacks', () => {
  it('reads as bootstrap of each environment, then each stack in dependency order after its assets', () => {
    expect(plan.accounts).toEqual([TOOLS, TEST, PROD]);
    expect(plan.steps.map((s) => s.label)).toEqual([
      `bootstrap aws://${TOOLS}/us-east-1`,
      `bootstrap aws://${TEST}/us-east-1`,
      `bootstrap aws://${PROD}/us-east-1`,
      'publish Shared Template (Shared)',
      `cdk.out stack Shared (Shared in aws://${TOOLS}/us-east-1)`,
      'publish Site (App)',
      'publish App Template (App)',
      `cdk.out stack App (App in aws://${TEST}/us-east-1)`,
      'publish Monitoring Template (Monitoring)',
      `cdk.out stack Monitoring (Monitoring in aws://${PROD}/us-east-1)`,
    ]);
    expect(plan.steps[7]).toMatchObject({
      as: `arn:aws:iam::${TEST}:role/cdk-hnb659fds-deploy-role-${TEST}-us-east-1`,
      roleArn: `arn:aws:iam::${TEST}:role/cdk-hnb659fds-cfn-exec-role-${TEST}-us-east-1`,
      capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
      templateObject: { bucket: `cdk-hnb659fds-assets-${TEST}-us-east-1`, key: expect.stringMatching(/^[0-9a-f]{64}\.json$/) },
    });
    expect(plan.steps[5]).toMatchObject({ packaging: 'zip', as: `arn:aws:iam::${TEST}:role/cdk-hnb659fds-file-publishing-role-${TEST}-us-east-1` });
  });

  it('bootstraps, publishes and deploys in-process', async () => {
    const emu = await startEmulator({ accounts: ACCOUNTS });
    try {
      const notes: string[] = [];
      const result = await apply([plan], { resolver: emu, onProgress: (e) => e.type === 'note' && notes.push(e.message) });
      expect(notes[0]).toBe(
        `bootstrapped aws://${TOOLS}/us-east-1 as \`cdk bootstrap --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess\` does (stack CDKToolkit; no ECR repository: xacct does not emulate ECR)`,
      );
      for (const [account, stack] of [[TOOLS, 'Shared'], [TEST, 'App'], [PROD, 'Monitoring']] as const) {
        const s = (await new CloudFormationClient(emu.clientConfig(account)).send(new DescribeStacksCommand({ StackName: stack }))).Stacks![0]!;
        expect(s).toMatchObject({ StackStatus: 'CREATE_COMPLETE', RoleARN: `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-us-east-1` });
        // The template's BootstrapVersion parameter read the bootstrap's version parameter.
        expect(s.Parameters).toContainEqual(expect.objectContaining({ ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version', ResolvedValue: '26' }));
      }
      // The bootstrap: roles, their trust, the execution role's policy, the bucket's policy and the version parameter.
      const iam = new IAMClient(emu.clientConfig(TEST));
      const deploy = await iam.send(new GetRoleCommand({ RoleName: `cdk-hnb659fds-deploy-role-${TEST}-us-east-1` }));
      expect(JSON.parse(decodeURIComponent(deploy.Role!.AssumeRolePolicyDocument!))).toEqual({
        Version: '2012-10-17',
        Statement: [
          { Action: 'sts:TagSession', Effect: 'Allow', Principal: { AWS: TEST } },
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: TEST } },
        ],
      });
      expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: `cdk-hnb659fds-cfn-exec-role-${TEST}-us-east-1` }))).AttachedPolicies).toEqual([
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ]);
      for (const kind of ['file-publishing-role', 'lookup-role']) await iam.send(new GetRoleCommand({ RoleName: `cdk-hnb659fds-${kind}-${TEST}-us-east-1` }));
      const s3 = new S3Client(emu.clientConfig(TEST));
      const bucket = `cdk-hnb659fds-assets-${TEST}-us-east-1`;
      expect(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!).Statement[0]).toMatchObject({ Sid: 'AllowSSLRequestsOnly', Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
      expect((await new SSMClient(emu.clientConfig(TEST)).send(new GetParameterCommand({ Name: '/cdk-bootstrap/hnb659fds/version' }))).Parameter?.Value).toBe('26');
      // The zipped directory asset, where the App stack's output says it is.
      const url = (result.outputs[`App@${TEST}`] as Record<string, string>)['SiteUrl']!;
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: url.slice(`s3://${bucket}/`.length) }));
      expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', ContentType: 'application/zip' });
    } finally {
      await emu.dispose();
    }
  }, 120_000);

  it('xacct apply cdk.out deploys it to the https endpoint of a running server', async () => {
    const emu = await startEmulator({ transport: 'http', httpsPort: 0, accounts: ACCOUNTS });
    try {
      // A process of its own: Node reads NODE_EXTRA_CA_CERTS (the server's CA) when it starts.
      const script = `import { main } from ${JSON.stringify(fileURLToPath(new URL('../../cli/main.ts', import.meta.url)))}; process.exitCode = await main(process.argv.slice(1));`;
      const r = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'apply', assembly, '--endpoint', emu.httpsEndpoint!], { env: { ...process.env, NODE_EXTRA_CA_CERTS: emu.caFile! }, timeout: 120_000 }, (error, stdout, stderr) =>
          done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
      expect(r.stderr).toContain(`applying ${assembly} to ${emu.httpsEndpoint}: 10 steps`);
      expect(r.stderr).toMatch(/\napply complete: 10 steps, 5 resources\n$/);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Monitoring/Version6A868472 [${PROD}] AWS::SSM::Parameter /app/version`);
    } finally {
      await emu.dispose();
    }
  }, 180_000);

  it('over plain HTTP, the assets bucket refuses the publishing (AllowSSLRequestsOnly)', async () => {
    const emu = await startEmulator({ transport: 'http', accounts: ACCOUNTS });
    try {
      const e = (await apply([plan], { resolver: emu }).catch((x: unknown) => x)) as ApplyResourceError;
      expect(e).toBeInstanceOf(ApplyResourceError);
      expect(e).toMatchObject({ address: 'publish Shared Template (Shared)', code: 'AccessDenied', statusCode: 403 });
      expect(e.awsMessage).toMatch(
        new RegExp(`^User: arn:aws:sts::${TOOLS}:assumed-role/cdk-hnb659fds-file-publishing-role-${TOOLS}-us-east-1/cdk-assets is not authorized to perform: s3:PutObject on resource: "?arn:aws:s3:::cdk-hnb659fds-assets-${TOOLS}-us-east-1/[0-9a-f]{64}\\.json"? with an explicit deny in a resource-based policy$`),
      );
      // xacct apply says why, and what to do.
      const err: string[] = [];
      const { main } = await import('../../cli/main.js');
      expect(await main(['apply', assembly, '--endpoint', emu.endpoint], { out: () => undefined, err: (line) => err.push(line) })).toBe(1);
      expect(err.at(-1)).toBe(
        'the bootstrap assets bucket refuses requests not made over TLS (its AllowSSLRequestsOnly statement), as in AWS: apply to the https endpoint of `xacct serve --https-port N`, trusting the CA it prints (NODE_EXTRA_CA_CERTS)',
      );
    } finally {
      await emu.dispose();
    }
  }, 120_000);
});
