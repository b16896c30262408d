/**
 * CodePipeline's handlers receive the SDK's `XCommandInput` (issue 14, item 1): a pipeline declaration sent as raw
 * JSON 1.1 keeps only the members the model declares, so GetPipeline never echoes an undeclared one, and the
 * structure checks still name a member by its position ("pipeline.stages.1.member.name", Coral's validation path)
 * with undeclared members beside it. A member of the wrong JSON type is refused by the deserializer before any
 * handler: 400 SerializationException worded by the token found (harness/protocols/coerce-errors.ts cites it).
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html
 */
import { CodePipelineClient, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseRequest, send, signer } from '../../../test/helpers/signed-request.js';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { CODEPIPELINE_TARGET_PREFIX } from './service.js';
import { createPrincipals, PIPELINE_ACCOUNT, referencePipeline } from './test-fixtures.js';

const ROOT = { accessKeyId: PIPELINE_ACCOUNT, secretAccessKey: 'test' };

/** The reference pipeline with members the model does not declare, at the top and in an action. */
function withUndeclared(name: string, stageName = 'Source'): Record<string, unknown> {
  const p = referencePipeline({ name });
  const [source, ...rest] = p.stages!;
  return {
    ...p,
    bogus: 'top',
    stages: [{ ...source, name: stageName, actions: source!.actions!.map((a) => ({ ...a, bogus: { nested: true } })) }, ...rest],
  };
}

describe.each(['in-process', 'http'] as const)('CodePipeline typed inputs over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await createPrincipals(emu);
    await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new CreateBucketCommand({ Bucket: `xacct-artifacts-${PIPELINE_ACCOUNT}` }));
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
  });
  afterAll(() => emu.dispose());

  async function json(operation: string, body: unknown) {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${CODEPIPELINE_TARGET_PREFIX}.${operation}` };
    const req = await signer(ROOT, 'codepipeline').sign(baseRequest(emu, { method: 'POST', headers, body: JSON.stringify(body) }));
    const res = await send(emu, transport, req);
    return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown> };
  }

  it('keeps only the declared members of a raw JSON pipeline declaration', async () => {
    const res = await json('CreatePipeline', { pipeline: withUndeclared('undeclared'), bogus: 1 });
    expect(res.status).toBe(200);
    const got = await cp.send(new GetPipelineCommand({ name: 'undeclared' }));
    expect(got.pipeline?.stages?.[0]?.actions?.[0]?.name).toBe(referencePipeline().stages![0]!.actions![0]!.name);
    expect(JSON.stringify(got.pipeline)).not.toContain('bogus');
  });

  it('names a member by its position with undeclared members beside it', async () => {
    const res = await json('CreatePipeline', { pipeline: withUndeclared('badstage', 'bad stage') });
    expect({ status: res.status, type: res.body['__type'], message: res.body['message'] }).toEqual({
      status: 400,
      type: 'ValidationException',
      message:
        "1 validation error detected: Value 'bad stage' at 'pipeline.stages.1.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9.@\\-_]+",
    });
  });

  it('refuses a member of the wrong JSON type before any handler runs', async () => {
    const p = referencePipeline({ name: 'wrongtype' });
    const res = await json('CreatePipeline', { pipeline: { ...p, version: 'one' } });
    expect({ status: res.status, type: res.body['__type'], message: res.body['message'] }).toEqual({
      status: 400,
      type: 'SerializationException',
      message: 'STRING_VALUE can not be converted to an Integer',
    });
    const listed = await json('ListPipelines', {});
    expect(JSON.stringify(listed.body)).not.toContain('wrongtype');
  });
});
