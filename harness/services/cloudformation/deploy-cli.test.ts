/**
 * `aws cloudformation deploy` (Debian's AWS CLI v2, /usr/bin/aws, a client nobody here wrote) against an HTTP
 * emulator, as authors of real pipelines deploy their stacks: a create through a CREATE change set with
 * --parameter-overrides, --capabilities and --role-arn; a redeploy of the same inputs ("No changes to deploy", which
 * the CLI recognises by the FAILED change set's reason "The submitted information didn't contain changes. Submit
 * different information to create a change set.", recorded in LocalStack's AWS-validated
 * tests/aws/services/cloudformation/api/test_changesets.snapshot.json::test_create_change_set_no_changes); an update
 * that keeps a parameter by UsePreviousValue and adds one with a default (the CLI asks GetTemplateSummary which
 * parameters the stack had); a change set on the previous template with UsePreviousValue (create-change-set
 * --use-previous-template); --no-execute-changeset; a missing capability refused in CloudFormation's words; and
 * the reference architecture's phased deployment of its tools-account stack (../shared/corpus/real-configs, read in
 * place): ToolsAcct/pre-reqs.yaml deployed with the three account numbers, then again with only
 * CodeBuildCondition=true, as awslabs/aws-refarch-cross-account-pipeline's README deploys it.
 * The CLI's messages are its own (awscli/customizations/cloudformation/deploy.py and exceptions.py).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudFormationClient, DescribeChangeSetCommand, DescribeStacksCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Credentials, type RunningEmulator } from '../../index.js';
import { A, awsCliEnv, B, role, settle, setUp, trust, type Principals } from './test-fixtures.js';

const REFARCH = '/work/shared/corpus/real-configs/aws-refarch-cross-account-pipeline';

const run = promisify(execFile);

const TEMPLATE = `
Parameters:
  Env: { Type: String }
  Owner: { Type: String }
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties: { Description: !Sub '\${Env} key of \${Owner}' }
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: 'sts:AssumeRole' }]
Outputs:
  Description: { Value: !Sub '\${Env} key of \${Owner}' }
`;

/** The second version adds a parameter with a default and shows it. */
const TEMPLATE_V2 = TEMPLATE.replace('  Owner: { Type: String }\n', '  Owner: { Type: String }\n  Tier: { Type: String, Default: gold }\n').concat(
  '  Tier: { Value: !Ref Tier }\n',
);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('aws cloudformation deploy against xacct', () => {
  let emu: RunningEmulator;
  let who: Principals;
  let v1: string;
  let v2: string;
  let cfn: CloudFormationClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
    who = await setUp(emu);
    cfn = new CloudFormationClient(emu.configFor(who.deployer));
    const dir = await mkdtemp(join(tmpdir(), 'xacct-cfn-deploy-'));
    v1 = join(dir, 'v1.yaml');
    v2 = join(dir, 'v2.yaml');
    await writeFile(v1, TEMPLATE);
    await writeFile(v2, TEMPLATE_V2);
  });
  afterAll(() => emu.dispose());

  const cli = async (creds: Credentials, ...args: string[]): Promise<CliResult> => {
    try {
      const out = await run('/usr/bin/aws', ['--endpoint-url', emu.endpoint, 'cloudformation', ...args], { env: awsCliEnv(creds) });
      return { code: 0, stdout: out.stdout.trim(), stderr: out.stderr.trim() };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout.trim(), stderr: err.stderr.trim() };
    }
  };
  // The CLI names its change set by the second (deployer.py: 'awscli-cloudformation-package-deploy-' plus
  // int(time.time())), and a stack keeps its change sets, so a second deploy in the same second would be refused
  // "ChangeSet [...] already exists". AWS takes seconds to create and execute one; the emulator does not. Each deploy
  // therefore starts in a second of its own, as it does against AWS.
  const deploy = async (creds: Credentials, ...args: string[]) => {
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
    return cli(creds, 'deploy', ...args);
  };

  const stack = async (name: string) => (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!;
  const parameters = (s: { Parameters?: Array<{ ParameterKey?: string; ParameterValue?: string }> }) =>
    Object.fromEntries((s.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue]));

  it('creates a stack, then finds nothing to change in the same inputs, then updates it keeping previous values', async () => {
    const common = ['--stack-name', 'deployed', '--capabilities', 'CAPABILITY_IAM', '--role-arn', role(A, 'cfn-role')];
    const created = await deploy(who.deployer, '--template-file', v1, ...common, '--parameter-overrides', 'Env=dev', 'Owner=platform');
    expect(created, created.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/Successfully created\/updated stack - deployed$/) });
    const first = await stack('deployed');
    expect({ status: first.StackStatus, role: first.RoleARN, parameters: parameters(first), outputs: first.Outputs }).toEqual({
      status: 'CREATE_COMPLETE',
      role: role(A, 'cfn-role'),
      parameters: { Env: 'dev', Owner: 'platform' },
      outputs: [{ OutputKey: 'Description', OutputValue: 'dev key of platform' }],
    });

    const unchanged = await deploy(who.deployer, '--template-file', v1, ...common, '--parameter-overrides', 'Env=dev');
    expect(unchanged, unchanged.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/No changes to deploy\. Stack deployed is up to date$/) });
    expect((await stack('deployed')).StackStatus).toBe('CREATE_COMPLETE');

    // Owner is not overridden: the CLI sends UsePreviousValue for it, and for Tier, which the stack did not have,
    // drops it after asking GetTemplateSummary, so Tier takes its default.
    const updated = await deploy(who.deployer, '--template-file', v2, ...common, '--parameter-overrides', 'Env=prod');
    expect(updated, updated.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/Successfully created\/updated stack - deployed$/) });
    const second = await stack('deployed');
    expect({ status: second.StackStatus, parameters: parameters(second), outputs: second.Outputs }).toEqual({
      status: 'UPDATE_COMPLETE',
      parameters: { Env: 'prod', Owner: 'platform', Tier: 'gold' },
      outputs: [
        { OutputKey: 'Description', OutputValue: 'prod key of platform' },
        { OutputKey: 'Tier', OutputValue: 'gold' },
      ],
    });

    // A phased deployment's next step by hand: the previous template, one value changed, the others kept.
    const flip = await cli(who.deployer, 'create-change-set', '--stack-name', 'deployed', '--change-set-name', 'flip', '--use-previous-template', '--capabilities', 'CAPABILITY_IAM',
      '--parameters', 'ParameterKey=Env,ParameterValue=test', 'ParameterKey=Owner,UsePreviousValue=true', 'ParameterKey=Tier,UsePreviousValue=true');
    expect(flip.code).toBe(0);
    expect((await cli(who.deployer, 'execute-change-set', '--stack-name', 'deployed', '--change-set-name', 'flip')).code).toBe(0);
    const third = await settle(cfn, 'deployed');
    expect({ status: third.StackStatus, parameters: parameters(third), description: third.Outputs?.[0]?.OutputValue }).toEqual({
      status: 'UPDATE_COMPLETE',
      parameters: { Env: 'test', Owner: 'platform', Tier: 'gold' },
      description: 'test key of platform',
    });
  }, 150_000);

  it('--no-execute-changeset leaves the change set for review and the stack as it was', async () => {
    const args = ['--template-file', v1, '--stack-name', 'reviewed', '--capabilities', 'CAPABILITY_IAM', '--no-execute-changeset'];
    const out = await deploy(who.deployer, ...args, '--parameter-overrides', 'Env=dev', 'Owner=platform');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Changeset created successfully\. Run the following command to review changes:\naws cloudformation describe-change-set --change-set-name arn:aws:cloudformation:us-east-1:111111111111:changeSet\/awscli-cloudformation-package-deploy-\d+\/[0-9a-f-]+$/);
    expect((await stack('reviewed')).StackStatus).toBe('REVIEW_IN_PROGRESS');
    const [summary] = (await cfn.send(new ListChangeSetsCommand({ StackName: 'reviewed' }))).Summaries!;
    const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: summary!.ChangeSetId }));
    expect({ status: cs.Status, execution: cs.ExecutionStatus, changes: cs.Changes!.map((c) => c.ResourceChange!.LogicalResourceId) }).toEqual({
      status: 'CREATE_COMPLETE',
      execution: 'AVAILABLE',
      changes: ['Key', 'Reader'],
    });
  }, 60_000);

  it("deploys the reference architecture's pre-reqs stack, then flips its CodeBuildCondition keeping the accounts", async () => {
    const admin = emu.clientConfig(A).credentials;
    const template = `${REFARCH}/ToolsAcct/pre-reqs.yaml`;
    const first = await deploy(admin, '--stack-name', 'pre-reqs', '--template-file', template, '--parameter-overrides', `DevAccount=${B}`, `TestAccount=${B}`, `ProductionAccount=${B}`);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/Successfully created\/updated stack - pre-reqs$/) });
    // The code-pipeline stack deployed between the two steps creates the CodeBuild role the second step names.
    await new IAMClient(emu.clientConfig(A)).send(new CreateRoleCommand({ RoleName: 'sample-lambda-CodeBuildRole', AssumeRolePolicyDocument: trust({ Service: 'codebuild.amazonaws.com' }) }));
    const second = await deploy(admin, '--stack-name', 'pre-reqs', '--template-file', template, '--parameter-overrides', 'CodeBuildCondition=true');
    expect(second).toMatchObject({ code: 0, stdout: expect.stringMatching(/Successfully created\/updated stack - pre-reqs$/) });
    const s = await stack('pre-reqs');
    expect({ status: s.StackStatus, parameters: parameters(s) }).toEqual({
      status: 'UPDATE_COMPLETE',
      parameters: { DevAccount: B, TestAccount: B, ProductionAccount: B, ProjectName: 'sample-lambda', CodeBuildCondition: 'true' },
    });
    const cmk = s.Outputs!.find((o) => o.OutputKey === 'CMK')!.OutputValue!;
    const policy = JSON.parse((await new KMSClient(emu.clientConfig(A)).send(new GetKeyPolicyCommand({ KeyId: cmk, PolicyName: 'default' }))).Policy!) as {
      Statement: Array<{ Sid: string; Principal: { AWS: string[] } }>;
    };
    expect(policy.Statement.find((st) => st.Sid === 'Allow use of the key for CryptoGraphy Lambda')!.Principal.AWS).toContain(`arn:aws:iam::${A}:role/sample-lambda-CodeBuildRole`);
  }, 150_000);

  it('refuses a template with an IAM resource deployed without --capabilities, in CloudFormation words', async () => {
    const out = await deploy(who.deployer, '--template-file', v1, '--stack-name', 'no-caps', '--parameter-overrides', 'Env=dev', 'Owner=platform');
    expect(out).toEqual({
      code: 254,
      stdout: '',
      stderr: 'An error occurred (InsufficientCapabilitiesException) when calling the CreateChangeSet operation: Requires capabilities : [CAPABILITY_IAM]',
    });
  }, 60_000);
});
