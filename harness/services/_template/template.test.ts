/**
 * Keeps the template service (CONTRIBUTING.md, "Add a service") working: it is registered in a catalog the way
 * registry.ts registers every service, and driven through the real request path (SigV4, routing, decoding, declared
 * authorization, the handler, encoding) over both transports with requests signed by the SDKs' own signer.
 * The wording asserted is the template's own (it is not an AWS service); a real service's test cites the recorded
 * AWS response of each negative case (../shared/aws-facts/errors.jsonl line, or the page that records it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { baseRequest, send, signer, type RawResponse } from '../../../test/helpers/signed-request.js';
import { SERVICE_LOADERS, ServiceCatalog } from '../registry.js';
import { templateService } from './service.js';
import { noteArn, SERVICE } from './store.js';

const OWNER = '111111111111';
const OTHER = '222222222222';

function parsed(res: RawResponse): { status: number; body: Record<string, unknown> } {
  return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown> };
}

function jsonError(res: RawResponse): { status: number; code: unknown; message: unknown } {
  const body = JSON.parse(res.body) as Record<string, unknown>;
  return { status: res.status, code: body['__type'], message: body['message'] };
}

describe.each(['in-process', 'http'] as const)('the template service over %s', (transport) => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ transport, services: new ServiceCatalog({ ...SERVICE_LOADERS, [SERVICE]: async () => templateService }) });
  });
  afterAll(() => emu.dispose());

  /** A JSON 1.1 call signed by an account's root (access key = account id, secret `test`). */
  async function call(account: string, operation: string, input: Record<string, unknown>): Promise<RawResponse> {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `XacctTemplate.${operation}` };
    const req = await signer({ accessKeyId: account, secretAccessKey: 'test' }, SERVICE).sign(baseRequest(emu, { method: 'POST', headers, body: JSON.stringify(input) }));
    return send(emu, transport, req);
  }

  it('answers an authorized call', async () => {
    const put = parsed(await call(OWNER, 'PutNote', { NoteName: 'mine', Text: 'hello' }));
    expect(put).toEqual({ status: 200, body: { NoteArn: noteArn('us-east-1', OWNER, 'mine') } });
    const get = parsed(await call(OWNER, 'GetNote', { NoteId: 'mine' }));
    expect(get).toMatchObject({ status: 200, body: { NoteArn: noteArn('us-east-1', OWNER, 'mine'), Text: 'hello' } });
    expect(typeof get.body['CreationDate']).toBe('number');
  });

  it("refuses another account that the note's policy does not name with the service's AccessDenied, and explains it", async () => {
    await call(OWNER, 'PutNote', { NoteName: 'private', Text: 'secret' });
    const arn = noteArn('us-east-1', OWNER, 'private');
    const res = await call(OTHER, 'GetNote', { NoteId: arn });
    expect(jsonError(res)).toEqual({
      status: 400,
      code: 'AccessDeniedException',
      message: `User: arn:aws:iam::${OTHER}:root is not authorized to perform: ${SERVICE}:GetNote on resource: ${arn} because no resource-based policy allows the ${SERVICE}:GetNote action`,
    });
    const record = emu.emulator.explain(res.headers['x-amzn-requestid']!);
    expect(record).toMatchObject({
      service: SERVICE,
      request: { action: `${SERVICE}:GetNote`, resource: arn },
      decision: {
        decision: 'implicitDeny',
        explanation: `${arn} belongs to account ${OWNER}; a cross-account request needs an Allow in its resource policy, and it has none.`,
        fix: `add arn:aws:iam::${OTHER}:root to the resource policy of ${arn} for ${SERVICE}:GetNote`,
      },
    });
  });

  it("lets another account in through the note's resource policy", async () => {
    const Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: OTHER }, Action: `${SERVICE}:GetNote`, Resource: '*' }],
    });
    await call(OWNER, 'PutNote', { NoteName: 'shared', Text: 'for you', Policy });
    const get = parsed(await call(OTHER, 'GetNote', { NoteId: noteArn('us-east-1', OWNER, 'shared') }));
    expect(get).toMatchObject({ status: 200, body: { Text: 'for you' } });
  });

  it('answers what resolve refuses before any authorization, and records no denial', async () => {
    const arn = noteArn('us-east-1', OWNER, 'missing');
    const res = await call(OTHER, 'GetNote', { NoteId: arn });
    expect(jsonError(res)).toEqual({ status: 400, code: 'NotFoundException', message: `Note '${arn}' does not exist` });
    expect(emu.emulator.explain(res.headers['x-amzn-requestid']!)).toBeUndefined();
  });

  it('refuses parameters and policies before anything is stored', async () => {
    expect(jsonError(await call(OWNER, 'PutNote', { NoteName: 'a b', Text: 'x' }))).toEqual({
      status: 400,
      code: 'ValidationException',
      message: "1 validation error detected: Value 'a b' at 'noteName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w.-]+$",
    });
    const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `${SERVICE}:GetNote`, Resource: '*' }] });
    const res = await call(OWNER, 'PutNote', { NoteName: 'no-principal', Text: 'x', Policy });
    expect(jsonError(res)).toEqual({ status: 400, code: 'MalformedPolicyDocumentException', message: 'The policy document is malformed.' });
    expect(jsonError(await call(OWNER, 'GetNote', { NoteId: 'no-principal' }))).toMatchObject({ code: 'NotFoundException' });
  });

  it('refuses an operation it does not declare with the JSON protocol\'s unknown-operation error', async () => {
    expect(jsonError(await call(OWNER, 'DeleteNote', { NoteId: 'mine' }))).toEqual({ status: 400, code: 'UnknownOperationException', message: '' });
    expect(parsed(await call(OWNER, 'GetNote', { NoteId: 'mine' }))).toMatchObject({ status: 200, body: { Text: 'hello' } });
  });
});

describe('the template is not a real service', () => {
  it('is registered only where a test adds it', () => {
    expect(Object.hasOwn(SERVICE_LOADERS, SERVICE)).toBe(false);
  });
});
