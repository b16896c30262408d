/**
 * GET /_xacct/denials (xacct's own, not AWS; issue 21): the recent denials, newest first, so an on-call can find the
 * request id that /_xacct/explain/<id> takes (the AWS CLI shows it only with --debug). It is an admin endpoint like
 * the explanation (admin/guard.ts: Host and Origin checked, the admin token or a SigV4-signed request), and shows
 * what an explanation would show to the same caller: a principal sees its own account's denials (an anonymous
 * caller's count as the resource's account's), the token holder every one. Over a real HTTP server, so Host is what
 * a client sends. These answers are xacct's documented ones (README, "Admin endpoints"), not AWS wording.
 */
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../harness/index.js';
import { baseRequest, send, signer, type SignerCredentials } from '../helpers/signed-request.js';

const PIPELINE = '111111111111';
const TARGET = '222222222222';
const root = (account: string): SignerCredentials => ({ accessKeyId: account, secretAccessKey: 'test' });
const HOW =
  'send the admin token that xacct serve prints (header x-xacct-admin-token: $XACCT_ADMIN_TOKEN), or sign the request with SigV4 (service "xacct") as an account root of this server';

let emu: RunningEmulator;
/** Request ids of the denials made in beforeAll, oldest first. */
const denied: Record<'pipelineUser' | 'targetUser' | 'anonymous', string> = { pipelineUser: '', targetUser: '', anonymous: '' };
let targetColleague: SignerCredentials;

async function userKeys(account: string, name: string): Promise<SignerCredentials> {
  const iam = new IAMClient(emu.clientConfig(account));
  await iam.send(new CreateUserCommand({ UserName: name }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

async function deniedListRoles(creds: SignerCredentials): Promise<string> {
  const failure = (await new IAMClient(emu.configFor(creds)).send(new ListRolesCommand({})).catch((e: unknown) => e)) as { name: string; $metadata: { requestId: string } };
  expect(failure.name).toBe('AccessDenied');
  return failure.$metadata.requestId;
}

beforeAll(async () => {
  emu = await startEmulator({ transport: 'http' });
  denied.pipelineUser = await deniedListRoles(await userKeys(PIPELINE, 'pipeline-user'));
  denied.targetUser = await deniedListRoles(await userKeys(TARGET, 'target-user'));
  targetColleague = await userKeys(TARGET, 'colleague');
  await new S3Client(emu.clientConfig(PIPELINE)).send(new CreateBucketCommand({ Bucket: 'pipeline-private' }));
  const anonymous = await fetch(`${emu.endpoint}/pipeline-private/secret`);
  expect(anonymous.status).toBe(403);
  denied.anonymous = anonymous.headers.get('x-amz-request-id')!;
});
afterAll(async () => {
  await emu.dispose();
});

interface Init {
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

async function list(init: Init = {}) {
  const res = await send(emu, 'http', baseRequest(emu, { method: 'GET', path: '/_xacct/denials', ...init }));
  return { status: res.status, body: JSON.parse(res.body) };
}

async function listSignedBy(creds: SignerCredentials, init: Init = {}) {
  const signed = await signer(creds, 'xacct').sign(baseRequest(emu, { method: 'GET', path: '/_xacct/denials', ...init }));
  const res = await send(emu, 'http', signed);
  return { status: res.status, body: JSON.parse(res.body) };
}

const ids = (res: { body: { denials: Array<{ requestId: string }> } }) => res.body.denials.map((d) => d.requestId);
const token = () => ({ 'x-xacct-admin-token': emu.adminToken });

describe('GET /_xacct/denials', () => {
  it('needs credentials: 401 saying what to send', async () => {
    expect(await list()).toEqual({ status: 401, body: { error: 'Unauthorized', message: `GET /_xacct/denials needs credentials: ${HOW}` } });
  });

  it('refuses a foreign Host and Origin even with the token (403)', async () => {
    const port = new URL(emu.endpoint).port;
    expect(await list({ headers: { ...token(), host: `attacker.example:${port}` } })).toMatchObject({ status: 403, body: { error: 'ForbiddenHost' } });
    expect(await list({ headers: { ...token(), origin: 'https://attacker.example' } })).toEqual({
      status: 403,
      body: { error: 'ForbiddenOrigin', message: `Origin "https://attacker.example" is not this server's origin: /_xacct/ does not answer requests sent by web pages of other origins` },
    });
  });

  it('shows the token holder every denial, newest first, each summarised', async () => {
    const res = await list({ headers: token() });
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([denied.anonymous, denied.targetUser, denied.pipelineUser]);
    expect(res.body.denials[1]).toEqual({
      requestId: denied.targetUser,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'iam',
      caller: `arn:aws:iam::${TARGET}:user/target-user`,
      action: 'iam:ListRoles',
      resource: `arn:aws:iam::${TARGET}:role/`,
      decision: 'implicitDeny',
      explanation: `No identity-based policy of arn:aws:iam::${TARGET}:user/target-user allows iam:ListRoles on arn:aws:iam::${TARGET}:role/.`,
      fix: expect.any(String),
    });
  });

  it("shows a principal only its own account's denials (as /_xacct/explain/<id> answers it); an anonymous caller's belong to the resource's account", async () => {
    expect(ids(await listSignedBy(root(PIPELINE)))).toEqual([denied.anonymous, denied.pipelineUser]);
    expect(ids(await listSignedBy(root(TARGET)))).toEqual([denied.targetUser]);
    // Not only the root: any principal of the account sees its account's, as for an explanation.
    expect(ids(await listSignedBy(targetColleague))).toEqual([denied.targetUser]);
  });

  it('takes ?limit= (the newest that many), and refuses a limit that is not 1 to 2000 with 400', async () => {
    expect(ids(await list({ headers: token(), query: { limit: '1' } }))).toEqual([denied.anonymous]);
    for (const limit of ['0', '2001', 'x', '1.5']) {
      expect(await list({ headers: token(), query: { limit } })).toEqual({
        status: 400,
        body: { error: 'BadRequest', message: `limit must be a whole number from 1 to 2000, got "${limit}"` },
      });
    }
  });
});
