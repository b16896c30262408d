/**
 * Bad input gets AWS-shaped errors with the right codes and the server keeps serving (issue 2, "Bad input"):
 * malformed query bodies, unknown and missing actions, missing and invalid parameters, JSON-protocol garbage,
 * oversized bodies, services xacct does not speak, non-AWS paths, and (over HTTP) bytes that are not HTTP at all.
 * No response may carry a stack trace.
 * Query-protocol scalars that do not parse (DurationSeconds=1e3, MaxItems=abc, a boolean "TRUE") are
 * MalformedInput, cited at MALFORMED_INTEGER and in the test.
 * Confirmed wordings: InvalidAction "Could not find operation <Op> for version <v>" (query services' answer);
 * ValidationError "1 validation error detected: Value null at '<member>' … Member must not be null" (IAM/STS Coral
 * validation); UnknownOperationException with an empty message and SerializationException for JSON 1.1 services.
 * Not yet confirmed by a recorded AWS response (emulator's own wording, asserted so it does not drift):
 * MissingAction "Missing Action", "Unsupported content type: …", RequestEntityTooLarge, UnknownService.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../harness/index.js';
import { baseRequest, send, signer, xmlError, xmlValue, type RawResponse } from './helpers/signed-request.js';

const ROOT = { accessKeyId: '111111111111', secretAccessKey: 'test' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const JSON11 = { 'content-type': 'application/x-amz-json-1.1' };
const STACK = /\n\s+at |\.ts:\d+|node_modules|Error: /;
/**
 * A query-protocol integer that does not parse. The code is recorded: STS answered MalformedInput for a
 * DurationSeconds it could not read (https://github.com/aws-azure-login/aws-azure-login/pull/30), as Coral's query
 * services answer MalformedInput for unparseable scalars (floci's SES tests, probed against AWS). The message is
 * not recorded by AWS; "Invalid Argument." is the closest found (an IAM-compatible server's Coral-style parameter
 * parser, cn.ctyun.oos.iam.server.action.ActionParameter).
 */
const malformedInput = (message: string) => ({ status: 400, type: 'text/xml', code: 'MalformedInput', message });
const MALFORMED_INTEGER = malformedInput('Invalid Argument.');

describe.each(['in-process', 'http'] as const)('bad input over %s', (transport) => {
  let emu: RunningEmulator;
  const logged: string[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ transport, log: (m) => logged.push(m) });
  });
  afterAll(() => emu.dispose());

  async function signed(service: string, method: string, headers: Record<string, string>, body?: string, path?: string): Promise<RawResponse> {
    const req = await signer(ROOT, service).sign(baseRequest(emu, { method, headers, body, path }));
    const res = await send(emu, transport, req);
    expect(res.body).not.toMatch(STACK);
    return res;
  }

  async function stillServing(): Promise<void> {
    const res = await signed('sts', 'POST', FORM, 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(res.status).toBe(200);
    expect(xmlValue(res.body, 'Arn')).toBe('arn:aws:iam::111111111111:root');
  }

  const query = async (service: string, body: string, headers: Record<string, string> = FORM) => {
    const res = await signed(service, 'POST', headers, body);
    return { status: res.status, type: res.headers['content-type'], ...xmlError(res.body) };
  };
  const json = async (target: string | undefined, body: string) => {
    const res = await signed('kms', 'POST', target ? { ...JSON11, 'x-amz-target': target } : JSON11, body);
    return { status: res.status, body: JSON.parse(res.body) as unknown };
  };

  it('answers an unknown Action with InvalidAction', async () => {
    expect(await query('sts', 'Action=Nope&Version=2011-06-15')).toEqual({
      status: 400,
      type: 'text/xml',
      code: 'InvalidAction',
      message: 'Could not find operation Nope for version 2011-06-15',
    });
    expect(await query('iam', 'Action=CreateBucket&Version=2010-05-08')).toEqual({
      status: 400,
      type: 'text/xml',
      code: 'InvalidAction',
      message: 'Could not find operation CreateBucket for version 2010-05-08',
    });
    await stillServing();
  });

  it('answers a request without Action with MissingAction', async () => {
    expect(await query('sts', 'Version=2011-06-15')).toEqual({ status: 400, type: 'text/xml', code: 'MissingAction', message: 'Missing Action' });
    await stillServing();
  });

  it('answers missing and mistyped parameters with ValidationError', async () => {
    expect(await query('sts', 'Action=AssumeRole&Version=2011-06-15')).toEqual({
      status: 400,
      type: 'text/xml',
      code: 'ValidationError',
      message: "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    });
    expect(await query('iam', 'Action=CreateRole&Version=2010-05-08')).toEqual({
      status: 400,
      type: 'text/xml',
      code: 'ValidationError',
      message: "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
    });
    expect(await query('iam', 'Action=CreateRole&Version=2010-05-08&RoleName.member.1=x&AssumeRolePolicyDocument=%7B%7D')).toEqual({
      status: 400,
      type: 'text/xml',
      code: 'ValidationError',
      message: `1 validation error detected: Value '["x"]' at 'roleName' failed to satisfy constraint: Member must be a string`,
    });
    expect(await query('iam', 'Action=ListRoles&Version=2010-05-08&MaxItems=abc')).toEqual(MALFORMED_INTEGER);
    expect(await query('iam', 'Action=ListRoles&Version=2010-05-08&MaxItems=0')).toEqual({
      status: 400,
      type: 'text/xml',
      code: 'ValidationError',
      message: "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    await stillServing();
  });

  it('refuses query-protocol integers and booleans that are not strict decimal digits or xsd booleans', async () => {
    // DurationSeconds=1e3 is 1000 to Number() but not an integer to AWS's query deserializer.
    const malformed = [
      ['sts', 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::111111111111:role/r&RoleSessionName=s&DurationSeconds=1e3'],
      ['sts', 'Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900.0'],
      ['sts', 'Action=GetSessionToken&Version=2011-06-15&DurationSeconds=%20900'],
      ['sts', 'Action=GetSessionToken&Version=2011-06-15&DurationSeconds=0x384'],
      ['sts', 'Action=GetSessionToken&Version=2011-06-15&DurationSeconds=99999999999'],
      ['iam', 'Action=ListRoles&Version=2010-05-08&MaxItems=1e2'],
      ['iam', 'Action=ListRoles&Version=2010-05-08&MaxItems=10.0'],
    ] as const;
    for (const [service, body] of malformed) expect(await query(service, body), body).toEqual(MALFORMED_INTEGER);
    // A number that parses is judged against the constraint with Coral's validation wording (as for MaxItems=0 above).
    expect(await query('sts', 'Action=GetSessionToken&Version=2011-06-15&DurationSeconds=10')).toEqual({
      status: 400,
      type: 'text/xml',
      code: 'ValidationError',
      message: "1 validation error detected: Value '10' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
    // Booleans: recorded against AWS by floci's SES tests ("Probed against real AWS 2026-09-05").
    expect(await query('iam', 'Action=ListPolicies&Version=2010-05-08&OnlyAttached=TRUE')).toEqual(malformedInput('boolean must follow xsd1.1 definition'));
    expect(await query('iam', 'Action=ListPolicies&Version=2010-05-08&OnlyAttached=')).toEqual(malformedInput('missing value for boolean type'));
    expect((await query('iam', 'Action=ListPolicies&Version=2010-05-08&OnlyAttached=1')).status).toBe(200);
    await stillServing();
  });

  it('survives malformed form encoding and a body in the wrong content type', async () => {
    const broken = await signed('sts', 'POST', FORM, 'Action=GetCallerIdentity&Version=2011-06-15&%%%=%E0%A4%A&&=&x');
    expect(broken.status).toBe(200);
    expect(await query('sts', '{"Action":"GetCallerIdentity"}', { 'content-type': 'application/json' })).toEqual({
      status: 400,
      type: 'text/xml',
      code: 'InvalidParameterValue',
      message: 'Unsupported content type: application/json',
    });
    expect(await query('iam', 'Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=%7B%22Statement%22%3A')).toEqual({
      status: 400,
      type: 'text/xml',
      code: 'MalformedPolicyDocument',
      message: 'This policy contains invalid Json',
    });
    await stillServing();
  });

  it('answers JSON-protocol garbage with UnknownOperationException and SerializationException', async () => {
    expect(await json('TrentService.Nope', '{}')).toEqual({ status: 400, body: { __type: 'UnknownOperationException', message: '' } });
    expect(await json(undefined, '{}')).toEqual({ status: 400, body: { __type: 'UnknownOperationException', message: '' } });
    expect(await json('Other_20170101.ListKeys', '{}')).toEqual({ status: 400, body: { __type: 'UnknownOperationException', message: '' } });
    for (const garbage of ['{not json', '[]', '"a string"', '42']) {
      expect(await json('TrentService.ListKeys', garbage)).toEqual({
        status: 400,
        body: { __type: 'SerializationException', message: 'Start of structure or map found where not expected.' },
      });
    }
    await stillServing();
  });

  it('refuses an oversized body with 413 RequestEntityTooLarge', async () => {
    const big = `Action=GetCallerIdentity&Version=2011-06-15&Pad=${'x'.repeat(1024 * 1024 + 1)}`;
    expect(await query('sts', big)).toEqual({ status: 413, type: 'text/xml', code: 'RequestEntityTooLarge', message: 'Request body is too large' });
    await stillServing();
  });

  it('answers a service xacct does not speak with a JSON 404 UnknownService', async () => {
    const res = await signed('ec2', 'POST', FORM, 'Action=DescribeInstances&Version=2016-11-15');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ __type: 'UnknownService', message: 'xacct does not emulate the service "ec2"' });
    await stillServing();
  });

  it('answers unsigned and non-SigV4 requests as AWS would, whatever the path', async () => {
    const unsigned = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
      const res = await send(emu, transport, baseRequest(emu, { method, path, headers, body }));
      expect(res.body).not.toMatch(STACK);
      return res;
    };
    const sts = await unsigned('POST', '/', FORM, 'Action=GetCallerIdentity&Version=2011-06-15');
    expect({ status: sts.status, ...xmlError(sts.body) }).toEqual({ status: 403, code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
    const kms = await unsigned('POST', '/', { ...JSON11, 'x-amz-target': 'TrentService.ListKeys' }, '{}');
    expect({ status: kms.status, body: JSON.parse(kms.body) }).toEqual({
      status: 400,
      body: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
    });
    const v2 = await unsigned('POST', '/', { ...FORM, authorization: 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=' }, 'Action=GetCallerIdentity');
    expect({ status: v2.status, ...xmlError(v2.body) }).toEqual({ status: 403, code: 'IncompleteSignature', message: 'Authorization header is not a SigV4 header: AWS' });
    // Any other path is an S3 path (bucket/key); without credentials S3 refuses or does not find it, in S3's XML.
    for (const path of ['/favicon.ico', '/', '/.well-known/x']) {
      const res = await unsigned('GET', path, {});
      expect([403, 404]).toContain(res.status);
      expect(xmlError(res.body).code).toMatch(/^(AccessDenied|NoSuchBucket)$/);
    }
    await stillServing();
  });

  it('never logs an internal error for any of this', () => {
    expect(logged).toEqual([]);
  });
});

describe('bytes that are not HTTP', () => {
  it('are refused by the server, which keeps serving', async () => {
    await using emu = await startEmulator({ transport: 'http' });
    const url = new URL(emu.endpoint);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    const req = await signer(ROOT, 'sts').sign(baseRequest(emu, { method: 'POST', headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' }));
    expect((await send(emu, 'http', req)).status).toBe(200);
  });
});
