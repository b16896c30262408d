/**
 * Sources whose repository lives outside AWS, over both transports with the real clients: a CodeStarSourceConnection
 * action checks codestar-connections:UseConnection (or codeconnections:UseConnection for a codeconnections ARN) as
 * the pipeline role through the request path, then writes the user-supplied content into the artifact store; a
 * GitHub version 1 source is validated at CreatePipeline and runs from supplied content too. Each pipeline's first
 * run is the one its creation starts (trigger CreatePipeline).
 * Wordings: E094 (errors.jsonl) "Action configuration for action '<a>' is missing required configuration
 * 'OAuthToken'" (hashicorp/terraform-provider-aws#6646, hashicorp/terraform#26488); "Unable to use Connection: <arn>.
 * The provided role does not have sufficient permissions." (awslabs/landing-zone-accelerator-on-aws#828,
 * hashicorp/terraform-provider-aws#11389, and public Terraform code quoting it verbatim beside the fix); the message
 * for missing supplied content is xacct's own (actions/supplied-source.ts). The OAuthToken is answered masked as
 * "****" and an update passing "****" keeps it (API_ActionConfigurationProperty.html `secret`; the mask's text as
 * AWS quotes it in alantech/iasql#1594).
 */
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  UpdatePipelineCommand,
  type ActionDeclaration,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { CodeStarConnectionsClient, CreateConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { createPrincipals, PIPELINE_ACCOUNT, PIPELINE_ROLE } from './test-fixtures.js';
import { codePipelineStore } from './store.js';
import { supplySource } from './supplied-sources.js';
import { waitForCreationExecution } from './wait.js';

const ARTIFACTS = `xacct-artifacts-${PIPELINE_ACCOUNT}`;
const SITE = `xacct-site-${PIPELINE_ACCOUNT}`;
const ROLE_NAME = 'codepipeline-service-role';

function pipeline(name: string, source: ActionDeclaration): PipelineDeclaration {
  return {
    name,
    roleArn: PIPELINE_ROLE,
    artifactStore: { type: 'S3', location: ARTIFACTS },
    stages: [
      { name: 'Source', actions: [{ ...source, outputArtifacts: [{ name: 'SourceArtifact' }] }] },
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Site',
            actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
            configuration: { BucketName: SITE, Extract: 'true', ObjectKey: name },
            inputArtifacts: [{ name: 'SourceArtifact' }],
          },
        ],
      },
    ],
  };
}

const connectionSource = (ConnectionArn: string, FullRepositoryId = 'octo/app'): ActionDeclaration => ({
  name: 'Source',
  actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
  configuration: { ConnectionArn, FullRepositoryId, BranchName: 'main', OutputArtifactFormat: 'CODE_ZIP', DetectChanges: 'false' },
});

const gitHubV1 = (configuration: Record<string, string>): ActionDeclaration => ({
  name: 'Source',
  actionTypeId: { category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' },
  configuration,
});

describe.each(['in-process', 'http'] as const)('sources outside AWS over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;
  let iam: IAMClient;
  let connectionArn: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await createPrincipals(emu);
    const s3 = new S3Client(emu.clientConfig(PIPELINE_ACCOUNT));
    for (const bucket of [ARTIFACTS, SITE]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
    iam = new IAMClient(emu.clientConfig(PIPELINE_ACCOUNT));
    const connections = new CodeStarConnectionsClient(emu.clientConfig(PIPELINE_ACCOUNT));
    connectionArn = (await connections.send(new CreateConnectionCommand({ ConnectionName: 'github', ProviderType: 'GitHub' }))).ConnectionArn!;
    supplySource(emu.emulator.world, { repository: 'octo/app', zip: zipSync({ 'index.html': strToU8('<h1>octo</h1>') }) });
  });
  afterAll(() => emu.dispose());

  /** The pipeline role may use connections as the statement says. */
  const allowUse = (statement: object) =>
    iam.send(new PutRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: 'connections', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) }));

  async function firstRun(p: PipelineDeclaration) {
    const created = await cp.send(new CreatePipelineCommand({ pipeline: p }));
    const exec = await waitForCreationExecution(emu.emulator, PIPELINE_ACCOUNT, emu.region, p.name!);
    const state = await cp.send(new GetPipelineStateCommand({ name: p.name! }));
    return { exec, requestId: created.$metadata.requestId!, source: state.stageStates![0]!.actionStates![0]!.latestExecution! };
  }

  async function deployed(key: string): Promise<string> {
    const out = await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new GetObjectCommand({ Bucket: SITE, Key: key }));
    return out.Body!.transformToString();
  }

  it('refuses the pipeline role without codestar-connections:UseConnection, and explains it under the CreatePipeline request', async () => {
    await allowUse({ Effect: 'Allow', Action: 'codestar-connections:GetConnection', Resource: '*' });
    const { exec, requestId, source } = await firstRun(pipeline('no-use', connectionSource(connectionArn)));
    expect(exec.status).toBe('Failed');
    expect(source.status).toBe('Failed');
    expect(source.errorDetails).toEqual({ code: 'JobFailed', message: `Unable to use Connection: ${connectionArn}. The provided role does not have sufficient permissions.` });
    const record = emu.emulator.explain(requestId)!;
    expect(record).toMatchObject({
      service: 'codestar-connections',
      request: {
        action: 'codestar-connections:UseConnection',
        resource: connectionArn,
        context: { 'codestar-connections:FullRepositoryId': 'octo/app', 'codestar-connections:BranchName': 'main', 'codestar-connections:OwnerId': 'octo' },
      },
      decision: { decision: 'implicitDeny' },
    });
    expect(record.decision.fix).toContain('codestar-connections:UseConnection');
  });

  it('writes the supplied content with the store key when the role may use the connection for that repository', async () => {
    await allowUse({
      Effect: 'Allow',
      Action: 'codestar-connections:UseConnection',
      Resource: connectionArn,
      Condition: { 'ForAllValues:StringEquals': { 'codestar-connections:FullRepositoryId': ['octo/app'] } },
    });
    const { exec, source } = await firstRun(pipeline('with-use', connectionSource(connectionArn)));
    expect(exec.statusSummary).toBeUndefined();
    expect(exec.status).toBe('Succeeded');
    expect(source.summary).toBe('Content supplied to xacct for octo/app (branch main)');
    expect(await deployed('with-use/index.html')).toBe('<h1>octo</h1>');
    const artifact = exec.stages.get('Source')!.actions.get('Source')!.outputArtifacts[0]!.location;
    expect(artifact.key).toMatch(/^with-use\/SourceArtifact\/[A-Za-z0-9]{7}$/);
    const head = await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new GetObjectCommand({ Bucket: artifact.bucket, Key: artifact.key }));
    expect(head.ServerSideEncryption).toBe('aws:kms');
  });

  it('checks codeconnections:UseConnection for a codeconnections ARN, whose prefix a policy must match', async () => {
    const renamed = connectionArn.replace(':codestar-connections:', ':codeconnections:');
    await allowUse({ Effect: 'Allow', Action: 'codestar-connections:UseConnection', Resource: '*' });
    const refused = await firstRun(pipeline('renamed-refused', connectionSource(renamed)));
    expect(refused.source.errorDetails).toEqual({ code: 'JobFailed', message: `Unable to use Connection: ${renamed}. The provided role does not have sufficient permissions.` });
    expect(emu.emulator.explain(refused.requestId)).toMatchObject({ request: { action: 'codeconnections:UseConnection', resource: renamed } });
    await allowUse({ Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: renamed });
    expect((await firstRun(pipeline('renamed-allowed', connectionSource(renamed)))).exec.status).toBe('Succeeded');
  });

  it('fails with how to supply the content when none was supplied for the repository', async () => {
    await allowUse({ Effect: 'Allow', Action: 'codestar-connections:UseConnection', Resource: '*' });
    // Only octo/app's content was supplied (no content for any repository).
    const { source } = await firstRun(pipeline('elsewhere', connectionSource(connectionArn, 'octo/other')));
    expect(source.errorDetails).toEqual({
      code: 'JobFailed',
      message:
        "xacct cannot reach repository octo/other (branch main): supply its content as a folder or a .zip, with `xacct run --source DIR`, a scenario's `sources`, or supplySource() from the library",
    });
  });

  it("refuses a GitHub version 1 source without OAuthToken at CreatePipeline with AWS's words (E094)", async () => {
    const p = pipeline('github-v1-no-token', gitHubV1({ Owner: 'octo', Repo: 'app', Branch: 'main', PollForSourceChanges: 'false' }));
    expect(await awsError(cp.send(new CreatePipelineCommand({ pipeline: p })))).toEqual({
      code: 'InvalidActionDeclarationException',
      status: 400,
      message: "Action configuration for action 'Source' is missing required configuration 'OAuthToken'",
    });
  });

  it('runs a GitHub version 1 source from the supplied content', async () => {
    const { exec } = await firstRun(pipeline('github-v1', gitHubV1({ Owner: 'octo', Repo: 'app', Branch: 'main', OAuthToken: 'ghp_example', PollForSourceChanges: 'false' })));
    expect(exec.status).toBe('Succeeded');
    expect(await deployed('github-v1/index.html')).toBe('<h1>octo</h1>');
  });

  it('never answers the OAuthToken, and keeps it when an update passes the mask', async () => {
    const stored = () => codePipelineStore(emu.emulator.world.account(PIPELINE_ACCOUNT)!, emu.region).pipelines.get('github-v1')!.declaration;
    const { pipeline } = await cp.send(new GetPipelineCommand({ name: 'github-v1' }));
    expect(pipeline!.stages![0]!.actions![0]!.configuration).toEqual({ Owner: 'octo', Repo: 'app', Branch: 'main', OAuthToken: '****', PollForSourceChanges: 'false' });
    const runs = await cp.send(new ListActionExecutionsCommand({ pipelineName: 'github-v1' }));
    expect(runs.actionExecutionDetails!.find((d) => d.actionName === 'Source')!.input!.configuration!['OAuthToken']).toBe('****');
    const updated = await cp.send(new UpdatePipelineCommand({ pipeline: { ...pipeline!, stages: [...pipeline!.stages!] } }));
    expect(updated.pipeline!.version).toBe(2);
    expect(updated.pipeline!.stages![0]!.actions![0]!.configuration!['OAuthToken']).toBe('****');
    expect(stored().stages![0]!.actions![0]!.configuration!['OAuthToken']).toBe('ghp_example');
  });
});
