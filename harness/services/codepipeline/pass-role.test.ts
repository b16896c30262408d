/**
 * CodePipeline's iam:PassRole on the pipeline role is a declared check (issue 14, item 3): CreatePipeline and
 * UpdatePipeline refuse a caller who may not pass it in IAM's words, and the refusal is recorded with its explanation
 * and fix under the request id the client saw. codepipeline:CreatePipeline is authorized before the declaration is
 * validated, and iam:PassRole after it, as AWS authorizes an API call before it validates its parameters' content.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html
 */
import { CreatePipelineCommand, CodePipelineClient, UpdatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError, refusedRequestId } from '../../testing/errors.js';
import { allow, createPrincipals, PIPELINE_ACCOUNT, PIPELINE_ROLE, referencePipeline, type Principals } from './test-fixtures.js';

describe.each(['in-process', 'http'] as const)('CodePipeline iam:PassRole over %s', (transport) => {
  let emu: RunningEmulator;
  let principals: Principals;
  let noPass: CodePipelineClient;

  const passRoleDenied = {
    code: 'AccessDeniedException',
    status: 400,
    message: `User: arn:aws:iam::${PIPELINE_ACCOUNT}:user/no-pass-role is not authorized to perform: iam:PassRole on resource: ${PIPELINE_ROLE} because no identity-based policy allows the iam:PassRole action`,
  };

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    principals = await createPrincipals(emu);
    await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new CreateBucketCommand({ Bucket: `xacct-artifacts-${PIPELINE_ACCOUNT}` }));
    await new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT)).send(new CreatePipelineCommand({ pipeline: referencePipeline({ name: 'kept' }) }));
    noPass = new CodePipelineClient(emu.configFor(principals.noPassRole));
  });
  afterAll(() => emu.dispose());

  it('records a refused PassRole of CreatePipeline and UpdatePipeline with its explanation and fix', async () => {
    const calls = [
      () => noPass.send(new CreatePipelineCommand({ pipeline: referencePipeline({ name: 'refused' }) })),
      () => noPass.send(new UpdatePipelineCommand({ pipeline: referencePipeline({ name: 'kept' }) })),
    ];
    for (const call of calls) {
      expect(await awsError(call())).toEqual(passRoleDenied);
      const record = emu.emulator.explain(await refusedRequestId(call()))!;
      expect(record).toMatchObject({
        service: 'codepipeline',
        request: { action: 'iam:PassRole', resource: PIPELINE_ROLE, context: { 'iam:PassedToService': 'codepipeline.amazonaws.com' } },
        decision: { decision: 'implicitDeny' },
      });
      expect(record.decision.explanation).toMatch(new RegExp(`^No identity-based policy of arn:aws:iam::${PIPELINE_ACCOUNT}:user/no-pass-role `));
      expect(record.decision.fix).toContain('iam:PassRole');
    }
  });

  it('answers a structure error before PassRole, and authorizes the call itself before validating the declaration', async () => {
    const oneStage = { ...referencePipeline({ name: 'short' }), stages: referencePipeline().stages!.slice(0, 1) };
    const tooFewStages = {
      code: 'InvalidStructureException',
      status: 400,
      message: 'Pipeline has only 1 stage(s). There should be a minimum of 2 stages in a pipeline',
    };
    expect(await awsError(noPass.send(new CreatePipelineCommand({ pipeline: oneStage })))).toEqual(tooFewStages);
    const iam = new IAMClient(emu.clientConfig(PIPELINE_ACCOUNT));
    await iam.send(new CreateUserCommand({ UserName: 'passer' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'passer', PolicyName: 'p', PolicyDocument: allow('iam:PassRole') }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'passer' }))).AccessKey!;
    const passer = new CodePipelineClient(emu.configFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    const create = () => passer.send(new CreatePipelineCommand({ pipeline: oneStage }));
    expect(await awsError(create())).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${PIPELINE_ACCOUNT}:user/passer is not authorized to perform: codepipeline:CreatePipeline on resource: arn:aws:codepipeline:us-east-1:${PIPELINE_ACCOUNT}:short because no identity-based policy allows the codepipeline:CreatePipeline action`,
    });
    expect(emu.emulator.explain(await refusedRequestId(create()))?.request.action).toBe('codepipeline:CreatePipeline');
  });
});
