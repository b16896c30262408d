/**
 * KMS handlers read the SDK's `XCommandInput` types: the JSON protocol coerces the wire by the SDK model (a blob
 * that is not base64 is the JSON deserializer's SerializationException, see protocols/coerce-errors.ts), and a
 * service calling KMS internally, which is not coerced, must pass bytes: a base64 string is refused the same way,
 * never decoded behind its back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../core/errors.js';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { rootPrincipal } from '../../world/principal.js';
import { kmsService } from './service.js';

const A = '111111111111';

async function refusal(call: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  const e = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AwsError);
  const { code, status, message } = e as AwsError;
  return { code, status, message };
}

describe('KMS typed inputs', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.dispose());

  it('declares the SDK model, so the wire is coerced before a handler runs', () => {
    expect(kmsService.model?.inputOf('Encrypt')).toBeDefined();
  });

  it('refuses a base64 string where an internal caller owes bytes', async () => {
    const key = await emu.emulator.invokeAs<{ KeyMetadata: { KeyId: string } }>(rootPrincipal(A), 'kms', 'CreateKey', {});
    expect(await refusal(emu.emulator.invokeAs(rootPrincipal(A), 'kms', 'Encrypt', { KeyId: key.KeyMetadata.KeyId, Plaintext: 'aGVsbG8=' }))).toEqual({
      code: 'SerializationException',
      status: 400,
      message: 'STRING_VALUE can not be converted to a Blob',
    });
    const out = await emu.emulator.invokeAs<{ CiphertextBlob: Buffer }>(rootPrincipal(A), 'kms', 'Encrypt', { KeyId: key.KeyMetadata.KeyId, Plaintext: Buffer.from('hello') });
    expect(Buffer.isBuffer(out.CiphertextBlob)).toBe(true);
  });
});
