/**
 * KMS grants as what stands in for a policy Allow, over both transports: a request no grant allows is refused with
 * KMS's AccessDeniedException (errors.jsonl E002, E006) and its recorded denial says which grants were considered,
 * why each did not apply (grantee, operation, constraints) and what grant would
 * (https://docs.aws.amazon.com/kms/latest/developerguide/grants.html,
 * https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html). And Decrypt resolves its key once
 * for the authorization and the handler.
 */
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateGrantCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type ClientConfig, type RunningEmulator } from '../../index.js';
import { awsError, refusedRequestId } from '../../testing/errors.js';
import { kmsStoreOf } from './store.js';

const A = '111111111111';
const B = '222222222222';
const REGION = 'us-east-1';
const text = (s: string) => new TextEncoder().encode(s);
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** The request id the client saw for a refused call, to ask the emulator why. */
/** A session of a role in account A that has no IAM policy at all. */
async function bareSession(emu: RunningEmulator, role: string): Promise<ClientConfig> {
  const iam = new IAMClient(emu.clientConfig(A));
  await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }) }));
  const user = `assumer-${role}`;
  await iam.send(new CreateUserCommand({ UserName: user }));
  await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
  return emu.assumeRole(`arn:aws:iam::${A}:role/${role}`, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
}

describe.each(['in-process', 'http'] as const)('KMS grants over %s', (transport) => {
  let emu: RunningEmulator;
  let kmsA: KMSClient;
  let kmsB: KMSClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    kmsA = new KMSClient(emu.clientConfig(A));
    kmsB = new KMSClient(emu.clientConfig(B));
  });
  afterAll(() => emu.dispose());

  it('explains a denial no grant lifted: each grant considered and why, and the grant that would', async () => {
    const key = (await kmsA.send(new CreateKeyCommand({}))).KeyMetadata!;
    const blob = (await kmsA.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('artifact'), EncryptionContext: { app: 'deploy' } }))).CiphertextBlob;
    const encryptOnly = await kmsA.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: `arn:aws:iam::${B}:root`, Operations: ['Encrypt'], Name: 'encrypt-only' }));
    const otherContext = await kmsA.send(
      new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: `arn:aws:iam::${B}:root`, Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { app: 'other' } } }),
    );
    const someoneElse = await kmsA.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: `arn:aws:iam::${A}:root`, Operations: ['Decrypt'] }));

    const decrypt = () => kmsB.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: 'deploy' } }));
    expect(await awsError(decrypt())).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${B}:root is not authorized to perform: kms:Decrypt on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
    });
    const record = emu.emulator.explain(await refusedRequestId(decrypt()))!;
    expect(record).toMatchObject({ service: 'kms', decision: { decision: 'implicitDeny' } });
    expect(record.decision.explanation).toContain(
      `No grant on the key ${key.Arn} allows Decrypt to the caller (` +
        `grant "encrypt-only" ${encryptOnly.GrantId}: it allows Encrypt, not Decrypt. ` +
        `grant ${otherContext.GrantId}: it requires the encryption context to equal {"app":"other"}, the request has {"app":"deploy"}. ` +
        `grant ${someoneElse.GrantId}: its grantee is arn:aws:iam::${A}:root, not the caller).`,
    );
    expect(record.decision.fix).toMatch(new RegExp(`; or create a grant on ${key.Arn} for arn:aws:iam::${B}:root with operation Decrypt$`));

    await kmsA.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: `arn:aws:iam::${B}:root`, Operations: ['Decrypt'] }));
    expect(new TextDecoder().decode((await decrypt()).Plaintext)).toBe('artifact');
  });

  it("names a role session's role in the fix, and says when the key has no grants", async () => {
    const key = (await kmsA.send(new CreateKeyCommand({}))).KeyMetadata!;
    const reader = new KMSClient(await bareSession(emu, `reader-${transport}`));
    const encrypt = () => reader.send(new EncryptCommand({ KeyId: key.Arn, Plaintext: text('x') }));
    expect(await awsError(encrypt())).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:sts::${A}:assumed-role/reader-${transport}/xacct is not authorized to perform: kms:Encrypt on resource: ${key.Arn} because no identity-based policy allows the kms:Encrypt action`,
    });
    const record = emu.emulator.explain(await refusedRequestId(encrypt()))!;
    expect(record.decision.explanation).toMatch(new RegExp(`No grant stands in: the key ${key.Arn} has no grants\\.$`));
    expect(record.decision.fix).toMatch(new RegExp(`; or create a grant on ${key.Arn} for arn:aws:iam::${A}:role/reader-${transport} with operation Encrypt$`));
  });

  it('looks the key of a Decrypt up once for the authorization and the handler', async () => {
    const key = (await kmsA.send(new CreateKeyCommand({}))).KeyMetadata!;
    const blob = (await kmsA.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('once') }))).CiphertextBlob;
    const keys = kmsStoreOf(emu.emulator.world, A, REGION)!.keys;
    const get = vi.spyOn(keys, 'get');
    try {
      expect(new TextDecoder().decode((await kmsA.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext)).toBe('once');
      expect(get.mock.calls.filter(([id]) => id === key.KeyId)).toHaveLength(1);
    } finally {
      get.mockRestore();
    }
  });
});
