/**
 * KMS key policy limits through the real @aws-sdk/client-kms, over both transports (issue 13).
 * - Quota: "Key policy document size: 32 KB (32,768 bytes)" (https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html);
 *   the API reference: "If the key policy exceeds the length constraint, KMS returns a LimitExceededException"
 *   (botocore data/kms/2014-11-01/service-2.json, CreateKey and PutKeyPolicy `Policy`). No recorded response gives
 *   the message; the exception's documented description stands in.
 * - The model's length constraint on `Policy` is 131,072 characters; beyond it the request fails validation with
 *   the usual "1 validation error detected" form.
 * - A bad IpAddress value: MalformedPolicyDocumentException; the message is not confirmed by a recorded response.
 */
import { CreateKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const admin = { Sid: '', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' };

function keyPolicy(bytes: number, extra: object = {}): string {
  const doc = { Version: '2012-10-17', Statement: [{ ...admin, ...extra }] };
  if (bytes > 0) doc.Statement[0]!.Sid = 'x'.repeat(bytes - JSON.stringify(doc).length);
  return JSON.stringify(doc);
}

describe.each(['in-process', 'http'] as const)('KMS key policy limits over %s', (transport) => {
  let emu: RunningEmulator;
  let kms: KMSClient;
  let keyId: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    kms = new KMSClient(emu.clientConfig(A));
    keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  });
  afterAll(() => emu.dispose());

  it('accepts 32,768 bytes and refuses more with LimitExceededException', async () => {
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: keyPolicy(32768) }));
    const tooBig = { code: 'LimitExceededException', status: 400, message: 'The request was rejected because a length constraint or quota was exceeded.' };
    expect(await awsError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: keyPolicy(32769) })))).toEqual(tooBig);
    expect(await awsError(kms.send(new CreateKeyCommand({ Policy: keyPolicy(40000) })))).toEqual(tooBig);
  });

  it('refuses a policy past the model\'s 131,072 characters as a validation error', async () => {
    const huge = keyPolicy(131073);
    expect(await awsError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: huge })))).toEqual({
      code: 'ValidationException',
      status: 400,
      message: `1 validation error detected: Value '${huge}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 131072`,
    });
  });

  it('refuses a condition value IpAddress cannot compare', async () => {
    const bad = keyPolicy(0, { Sid: 'ip', Condition: { IpAddress: { 'aws:SourceIp': 'intranet' } } });
    expect(await awsError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: bad })))).toEqual({
      code: 'MalformedPolicyDocumentException',
      status: 400,
      message: 'The policy document is malformed.',
    });
  });
});
