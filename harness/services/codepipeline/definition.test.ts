/**
 * The CodePipeline definition API through the real @aws-sdk/client-codepipeline, over both transports.
 * Wording sources are cited in errors.ts (errors.jsonl E092, E093, E095, E096, E097 and the public reports there).
 */
import {
  CodePipelineClient,
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineCommand,
  ListPipelinesCommand,
  UpdatePipelineCommand,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { ACTION_ROLE, createPrincipals, PIPELINE_ACCOUNT, PIPELINE_ROLE, referencePipeline, TARGET_ACCOUNT, type Principals } from './test-fixtures.js';

describe.each(['in-process', 'http'] as const)('CodePipeline definitions over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;
  let principals: Principals;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    principals = await createPrincipals(emu);
    await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new CreateBucketCommand({ Bucket: `xacct-artifacts-${PIPELINE_ACCOUNT}` }));
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
  });
  afterAll(() => emu.dispose());

  const create = (p: PipelineDeclaration) => cp.send(new CreatePipelineCommand({ pipeline: p }));

  it('creates, gets, lists, updates and deletes a cross-account pipeline', async () => {
    const out = await create(referencePipeline({ name: 'crud' }));
    expect(out.pipeline?.version).toBe(1);
    expect(out.pipeline?.stages?.[1]?.actions?.[0]?.roleArn).toBe(ACTION_ROLE);
    expect(out.pipeline?.stages?.[0]?.actions?.[0]?.runOrder).toBe(1);

    const got = await cp.send(new GetPipelineCommand({ name: 'crud' }));
    expect(got.metadata?.pipelineArn).toBe(`arn:aws:codepipeline:us-east-1:${PIPELINE_ACCOUNT}:crud`);
    expect(got.metadata?.created).toBeInstanceOf(Date);
    expect(got.pipeline?.stages?.map((s) => s.name)).toEqual(['Source', 'Deploy']);

    const listed = await cp.send(new ListPipelinesCommand({}));
    expect(listed.pipelines?.map((p) => p.name)).toContain('crud');

    const updated = await cp.send(new UpdatePipelineCommand({ pipeline: { ...got.pipeline!, stages: got.pipeline!.stages } }));
    expect(updated.pipeline?.version).toBe(2);

    await cp.send(new DeletePipelineCommand({ name: 'crud' }));
    expect(await awsError(cp.send(new GetPipelineCommand({ name: 'crud' })))).toEqual({
      code: 'PipelineNotFoundException',
      status: 400,
      message: `Account '${PIPELINE_ACCOUNT}' does not have a pipeline with name 'crud'`,
    });
    // Deleting again succeeds, as in AWS.
    await cp.send(new DeletePipelineCommand({ name: 'crud' }));
  });

  it('accepts the key as key id, key ARN or alias ARN', async () => {
    const ids = [
      '1234abcd-12ab-34cd-56ef-1234567890ab',
      `arn:aws:kms:us-east-1:${PIPELINE_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      `arn:aws:kms:us-east-1:${PIPELINE_ACCOUNT}:alias/codepipeline-artifacts`,
    ];
    for (const [i, id] of ids.entries()) await create(referencePipeline({ name: `key-${i}`, keyId: id }));
  });

  it('refuses a name already in use', async () => {
    await create(referencePipeline({ name: 'twice' }));
    expect(await awsError(create(referencePipeline({ name: 'twice' })))).toEqual({
      code: 'PipelineNameInUseException',
      status: 400,
      message: `A pipeline with the name 'twice' already exists in account '${PIPELINE_ACCOUNT}'`,
    });
  });

  it('refuses a pipeline with one stage (E097)', async () => {
    const p = referencePipeline({ name: 'one-stage' });
    p.stages = p.stages!.slice(0, 1);
    expect(await awsError(create(p))).toEqual({
      code: 'InvalidStructureException',
      status: 400,
      message: 'Pipeline has only 1 stage(s). There should be a minimum of 2 stages in a pipeline',
    });
  });

  it('refuses a first stage that is not only source actions', async () => {
    const p = referencePipeline({ name: 'bad-first' });
    p.stages = [p.stages![1]!, p.stages![0]!];
    expect(await awsError(create(p))).toEqual({
      code: 'InvalidStructureException',
      status: 400,
      message: 'Pipeline should start with a stage that only contains source actions',
    });
  });

  it('refuses a deploy action without input artifacts (E095)', async () => {
    const p = referencePipeline({ name: 'no-input' });
    p.stages![1]!.actions![1]!.inputArtifacts = [];
    expect(await awsError(create(p))).toEqual({
      code: 'InvalidActionDeclarationException',
      status: 400,
      message: 'Action DeployFiles declares 0 input artifacts which is less than the minimum count (1)',
    });
  });

  it('refuses an output artifact name used twice', async () => {
    const p = referencePipeline({ name: 'dup-output' });
    p.stages![0]!.actions!.push({ ...p.stages![0]!.actions![0]!, name: 'Source2' });
    expect(await awsError(create(p))).toEqual({
      code: 'InvalidStructureException',
      status: 400,
      message: 'Output Artifact Bundle name must be unique within the pipeline. SourceArtifact has been used more than once.',
    });
  });

  it('refuses an input artifact no earlier action produces', async () => {
    const p = referencePipeline({ name: 'orphan-input' });
    p.stages![1]!.actions![1]!.inputArtifacts = [{ name: 'BuildArtifact' }];
    expect(await awsError(create(p))).toEqual({
      code: 'InvalidStructureException',
      status: 400,
      message: 'Input Artifact Bundle BuildArtifact in action DeployFiles is not declared as an output artifact of an action earlier in the pipeline',
    });
  });

  it('refuses an action type it does not offer (E096)', async () => {
    const p = referencePipeline({ name: 'custom' });
    p.stages![1]!.actions![0]!.actionTypeId = { category: 'Deploy', owner: 'Custom', provider: 'Nope', version: '1' };
    expect(await awsError(create(p))).toEqual({
      code: 'InvalidActionDeclarationException',
      status: 400,
      message: "ActionType (Category: 'Deploy', Provider: 'Nope', Owner: 'Custom', Version: '1') in action 'DeployStack' is not available in region 'US_EAST_1'",
    });
  });

  it('refuses an action missing required configuration (E094 form)', async () => {
    const p = referencePipeline({ name: 'no-stack' });
    delete p.stages![1]!.actions![0]!.configuration!['StackName'];
    expect(await awsError(create(p))).toEqual({
      code: 'InvalidActionDeclarationException',
      status: 400,
      message: "Action configuration for action 'DeployStack' is missing required configuration 'StackName'",
    });
  });

  it('refuses a pipeline role codepipeline.amazonaws.com may not assume (E093)', async () => {
    const p = { ...referencePipeline({ name: 'untrusted' }), roleArn: `arn:aws:iam::${PIPELINE_ACCOUNT}:role/untrusted-role` };
    expect(await awsError(create(p))).toEqual({
      code: 'InvalidStructureException',
      status: 400,
      message: `CodePipeline is not authorized to perform AssumeRole on role arn:aws:iam::${PIPELINE_ACCOUNT}:role/untrusted-role`,
    });
  });

  it('refuses an action role the pipeline role may not assume (E092)', async () => {
    const closed = `arn:aws:iam::${TARGET_ACCOUNT}:role/closed-role`;
    expect(await awsError(create(referencePipeline({ name: 'closed', actionRole: closed })))).toEqual({
      code: 'InvalidStructureException',
      status: 400,
      message: `${PIPELINE_ROLE} is not authorized to perform AssumeRole on role ${closed}`,
    });
  });

  it('refuses a caller who may not pass the pipeline role', async () => {
    const user = new CodePipelineClient(emu.configFor(principals.noPassRole));
    expect(await awsError(user.send(new CreatePipelineCommand({ pipeline: referencePipeline({ name: 'no-pass' }) })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${PIPELINE_ACCOUNT}:user/no-pass-role is not authorized to perform: iam:PassRole on resource: ${PIPELINE_ROLE} because no identity-based policy allows the iam:PassRole action`,
    });
  });

  it('refuses an encryption key that is not a key id, key ARN or alias ARN', async () => {
    expect(await awsError(create(referencePipeline({ name: 'bad-key', keyId: 'alias/codepipeline-artifacts' })))).toEqual({
      code: 'InvalidStructureException',
      status: 400,
      message: "Invalid encryption key 'alias/codepipeline-artifacts': use a KMS key id, key ARN or alias ARN",
    });
  });

  it('refuses an artifact store bucket that does not exist', async () => {
    expect(await awsError(create(referencePipeline({ name: 'no-bucket', artifactBucket: 'xacct-no-such-bucket' })))).toEqual({
      code: 'InvalidStructureException',
      status: 400,
      message: "An error occurred while validating the artifact bucket 'xacct-no-such-bucket'",
    });
  });

  it('refuses UpdatePipeline of a pipeline that does not exist', async () => {
    expect(await awsError(cp.send(new UpdatePipelineCommand({ pipeline: referencePipeline({ name: 'ghost' }) })))).toEqual({
      code: 'PipelineNotFoundException',
      status: 400,
      message: `Account '${PIPELINE_ACCOUNT}' does not have a pipeline with name 'ghost'`,
    });
  });
});
