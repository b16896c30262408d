/**
 * SSM Parameter Store through the real @aws-sdk/client-ssm, over both transports: put, get (by name and ARN), get
 * several, delete, IAM on the parameter's ARN, and SecureString values encrypted by KMS as the caller.
 * Sources for wordings (see errors.ts):
 * - ParameterNotFound, 400, empty message: localstack tests/aws/services/cloudformation/api/test_changesets.snapshot.json
 *   (test_deleting_resource "get-parameter-error", recorded against AWS 2025-06-02).
 * - ParameterAlreadyExists: quoted from AWS in Terraform errors ("operation error SSM: PutParameter, https response
 *   error StatusCode: 400, … ParameterAlreadyExists: The parameter already exists. To overwrite this value, set the
 *   overwrite option in the request to true.").
 * - The ARN shape arn:aws:ssm:<region>:<account>:parameter/<name>: localstack tests/aws/services/ssm/test_ssm.snapshot.json
 *   (test_get_parameter_by_arn, recorded 2024-07-16).
 * - Denials: IAM's "… because no identity-based policy allows the <action> action" (errors.jsonl E066 form), 400
 *   AccessDeniedException as JSON services answer (E002 is KMS's).
 * - Missing Type on create: no recorded AWS wording (errors.ts says so).
 */
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DeleteParameterCommand, GetParameterCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';
/** AWS answers ParameterNotFound with an empty message, which the JS SDK reports as "UnknownError". */
const SDK_EMPTY = 'UnknownError';
const allow = (action: string | string[], resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

describe.each(['in-process', 'http'] as const)('SSM Parameter Store over %s', (transport) => {
  let emu: RunningEmulator;
  let ssmA: SSMClient;
  let iamA: IAMClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    ssmA = new SSMClient(emu.clientConfig(A));
    iamA = new IAMClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  async function userClient(name: string, policy?: string): Promise<SSMClient> {
    await iamA.send(new CreateUserCommand({ UserName: name }));
    if (policy) await iamA.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
    const k = (await iamA.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return new SSMClient(emu.configFor({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }));
  }

  it('puts, reads by name and by ARN, overwrites and deletes a parameter', async () => {
    expect(await ssmA.send(new PutParameterCommand({ Name: '/app/db/url', Value: 'postgres://x', Type: 'String' }))).toMatchObject({ Version: 1, Tier: 'Standard' });
    const arn = `arn:aws:ssm:us-east-1:${A}:parameter/app/db/url`;
    const byName = (await ssmA.send(new GetParameterCommand({ Name: '/app/db/url' }))).Parameter;
    expect(byName).toMatchObject({ Name: '/app/db/url', Type: 'String', Value: 'postgres://x', Version: 1, ARN: arn, DataType: 'text' });
    expect(byName?.LastModifiedDate).toBeInstanceOf(Date);
    expect((await ssmA.send(new GetParameterCommand({ Name: arn }))).Parameter?.Value).toBe('postgres://x');

    expect(await awsError(ssmA.send(new PutParameterCommand({ Name: '/app/db/url', Value: 'y', Type: 'String' })))).toEqual({
      code: 'ParameterAlreadyExists',
      status: 400,
      message: 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    });
    expect((await ssmA.send(new PutParameterCommand({ Name: '/app/db/url', Value: 'y', Overwrite: true }))).Version).toBe(2);
    await ssmA.send(new PutParameterCommand({ Name: 'plain', Value: 'a,b', Type: 'StringList' }));
    const many = await ssmA.send(new GetParametersCommand({ Names: ['/app/db/url', 'plain', '/missing'] }));
    expect(many.Parameters?.map((p) => [p.Name, p.Value, p.Version])).toEqual([
      ['/app/db/url', 'y', 2],
      ['plain', 'a,b', 1],
    ]);
    expect(many.InvalidParameters).toEqual(['/missing']);

    await ssmA.send(new DeleteParameterCommand({ Name: '/app/db/url' }));
    const notFound = { code: 'ParameterNotFound', status: 400, message: SDK_EMPTY };
    expect(await awsError(ssmA.send(new GetParameterCommand({ Name: '/app/db/url' })))).toEqual(notFound);
    expect(await awsError(ssmA.send(new DeleteParameterCommand({ Name: '/app/db/url' })))).toEqual(notFound);
  });

  it('refuses a new parameter without a type', async () => {
    expect(await awsError(ssmA.send(new PutParameterCommand({ Name: 'untyped', Value: 'v' })))).toEqual({
      code: 'ValidationException',
      status: 400,
      message: 'A parameter type is required when you create a parameter.',
    });
  });

  it("authorizes on the parameter's ARN, and refuses another account's parameter", async () => {
    await ssmA.send(new PutParameterCommand({ Name: '/team/a/key', Value: 'v', Type: 'String' }));
    const scoped = await userClient('scoped', allow('ssm:GetParameter*', `arn:aws:ssm:us-east-1:${A}:parameter/team/a/*`));
    expect((await scoped.send(new GetParameterCommand({ Name: '/team/a/key' }))).Parameter?.Value).toBe('v');
    expect(await awsError(scoped.send(new PutParameterCommand({ Name: '/team/a/key', Value: 'w', Overwrite: true })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${A}:user/scoped is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:us-east-1:${A}:parameter/team/a/key because no identity-based policy allows the ssm:PutParameter action`,
    });
    expect(await awsError(scoped.send(new GetParametersCommand({ Names: ['/team/a/key', 'plain'] })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${A}:user/scoped is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:${A}:parameter/plain because no identity-based policy allows the ssm:GetParameters action`,
    });
    const ssmB = new SSMClient(emu.clientConfig(B));
    const arn = `arn:aws:ssm:us-east-1:${A}:parameter/team/a/key`;
    expect(await awsError(ssmB.send(new GetParameterCommand({ Name: arn })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${B}:root is not authorized to perform: ssm:GetParameter on resource: ${arn} because no resource-based policy allows the ssm:GetParameter action`,
    });
  });

  it('encrypts a SecureString with the KMS key as the caller and decrypts it only for who may use the key', async () => {
    const kms = new KMSClient(emu.clientConfig(A));
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await ssmA.send(new PutParameterCommand({ Name: '/secret/token', Value: 's3cr3t', Type: 'SecureString', KeyId: keyId }));
    const sealed = (await ssmA.send(new GetParameterCommand({ Name: '/secret/token' }))).Parameter;
    expect(sealed?.Type).toBe('SecureString');
    expect(sealed?.Value).not.toContain('s3cr3t');
    expect((await ssmA.send(new GetParameterCommand({ Name: '/secret/token', WithDecryption: true }))).Parameter?.Value).toBe('s3cr3t');

    const reader = await userClient('reader', allow('ssm:GetParameter'));
    expect((await reader.send(new GetParameterCommand({ Name: '/secret/token' }))).Parameter?.Value).toBe(sealed?.Value);
    // KMS refuses the decryption as the caller (errors.jsonl E002 form), and SSM answers with KMS's refusal.
    expect(await awsError(reader.send(new GetParameterCommand({ Name: '/secret/token', WithDecryption: true })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${A}:user/reader is not authorized to perform: kms:Decrypt on resource: ${keyId} because no identity-based policy allows the kms:Decrypt action`,
    });
  });
});
