/**
 * No request can reach Object.prototype (issue 13, item 1): every protocol decoder (query, JSON 1.1, REST-XML with
 * its prefix headers and XML payloads, the transports' header records) and the policy reader are driven with
 * prototype-polluting names, and Object.prototype must stay as it was and decisions exactly as before.
 *
 * AWS answers asserted here (see the decoders' headers for the deviations they document):
 * - query services: InvalidQueryParameter, 400, "The AWS query string is malformed or does not adhere to AWS
 *   standards." — AWS's documented common error for a query string not following AWS's rules
 *   (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html,
 *   https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html). No recorded response to these exact
 *   names was found (AWS ignores unknown parameters); the documented description is used as the message.
 * - JSON 1.1 services: SerializationException, 400, with the message recorded for a body of the wrong shape
 *   (test/bad-input.test.ts); no recorded AWS answer to these names exists (AWS ignores unknown members).
 * - S3: MalformedXML, 400, "The XML you provided was not well-formed or did not validate against our published
 *   schema" (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html; wire text recorded in
 *   https://github.com/docker-archive/docker-registry/issues/78). No recorded S3 answer to a DTD was found;
 *   MalformedXML is S3's answer for XML that does not validate against its schema, which has no DTD.
 * - x-amz-meta-* names are user data: AWS accepts `x-amz-meta-__proto__`, so the emulator stores it as an
 *   ordinary key of a null-prototype map.
 */
import { createHash } from 'node:crypto';
import { CreateBucketCommand, GetBucketVersioningCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../core/errors.js';
import { headerRecord, type XRequest } from '../core/request.js';
import { evaluate } from '../iam/evaluate.js';
import type { AuthorizationRequest, Decision } from '../iam/types.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import type { ServiceDefinition } from '../core/service.js';
import { awsError } from '../testing/errors.js';
import { baseRequest, send, signer, xmlError, xmlValue } from '../../test/helpers/signed-request.js';
import { decodeJsonBody, jsonProtocol } from './json.js';
import { decodeQueryParams, MAX_PARAMETER_DEPTH, queryProtocol } from './query.js';
import { s3Service } from '../services/s3/service.js';

const A = '111111111111';
const B = '222222222222';
const RESERVED = ['__proto__', 'constructor', 'prototype'];
const QUERY_ERROR = { code: 'InvalidQueryParameter', status: 400, message: 'The AWS query string is malformed or does not adhere to AWS standards.' };
const JSON_ERROR = { code: 'SerializationException', status: 400, message: 'Start of structure or map found where not expected.' };
const XML_ERROR = { code: 'MalformedXML', status: 400, message: 'The XML you provided was not well-formed or did not validate against our published schema' };

/** Every own property of the prototypes a polluting path can reach, with its descriptor. */
function prototypes(): unknown {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) =>
    Reflect.ownKeys(p).map((k) => [k, Object.getOwnPropertyDescriptor(p, k)]),
  );
}

const PRISTINE = prototypes();

function expectPristine(): void {
  expect(prototypes()).toEqual(PRISTINE);
  const probe = {} as Record<string, unknown>;
  for (const k of ['allow', 'deny', 'direct', 'policyName', 'statement', 'Statement', 'Effect', 'sessionToken', 'a']) expect(probe[k]).toBeUndefined();
}

/** A record keyed by request data: no prototype, and exactly these own entries in this order. */
function expectOwnEntries(record: unknown, entries: Array<[string, unknown]>): void {
  expect(Object.getPrototypeOf(record)).toBeNull();
  expect(Object.entries(record as object)).toEqual(entries);
}

function thrown(f: () => unknown): { code: string; status: number; message: string } | undefined {
  try {
    f();
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return { code: e.code, status: e.status, message: e.message };
  }
  return undefined;
}

/** Deterministic so a failure names a reproducible case. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

const SEGMENTS = [...RESERVED, 'member', 'entry', '1', '2', 'key', 'value', 'Key', 'Value', 'allow', 'Statement', 'policyName', 'toString', 'a'];

describe('query decoder', () => {
  it('refuses the reproduction and constructor.prototype paths with InvalidQueryParameter', () => {
    const names = [
      ['__proto__.allow.policyName', '__proto__.allow.statement'],
      ['constructor.prototype.allow.policyName'],
      ['Tags.member.1.__proto__.allow'],
      ['a.prototype'],
      ['__proto__'],
    ];
    for (const set of names) {
      expect(thrown(() => decodeQueryParams([['Action', 'GetCallerIdentity'], ...set.map((n): [string, string] => [n, 'x'])]))).toEqual(QUERY_ERROR);
    }
    expectPristine();
  });

  it('refuses a name nested 10,000 levels deep (was a 500 from recursion) and accepts one at the limit', () => {
    expect(thrown(() => decodeQueryParams([[Array(10_000).fill('a').join('.'), '1']]))).toEqual(QUERY_ERROR);
    expect(thrown(() => decodeQueryParams([[Array(MAX_PARAMETER_DEPTH + 1).fill('a').join('.'), '1']]))).toEqual(QUERY_ERROR);
    const atLimit = decodeQueryParams([[Array(MAX_PARAMETER_DEPTH).fill('a').join('.'), '1']]);
    let node: unknown = atLimit;
    for (let i = 0; i < MAX_PARAMETER_DEPTH; i++) node = (node as Record<string, unknown>)['a'];
    expect(node).toBe('1');
  });

  it('keeps map keys from the request as own keys of a null-prototype map', () => {
    const input = decodeQueryParams([
      ['Attrs.entry.1.key', '__proto__'],
      ['Attrs.entry.1.value', 'x'],
      ['Attrs.entry.2.key', 'constructor'],
      ['Attrs.entry.2.value', 'y'],
    ]);
    expectOwnEntries(input['Attrs'], [
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expectPristine();
  });

  it('fuzz: any name with a reserved segment is refused, every other name decodes, the prototype never changes', () => {
    const pick = rng(13);
    for (let round = 0; round < 400; round++) {
      const pairs: Array<[string, string]> = [];
      let reserved = false;
      for (let p = 1 + pick(4); p > 0; p--) {
        const segs = Array.from({ length: 1 + pick(6) }, () => SEGMENTS[pick(SEGMENTS.length)]!);
        reserved ||= segs.some((s) => RESERVED.includes(s));
        pairs.push([segs.join('.'), SEGMENTS[pick(SEGMENTS.length)]!]);
      }
      const error = thrown(() => decodeQueryParams(pairs));
      expect(error, JSON.stringify(pairs)).toEqual(reserved ? QUERY_ERROR : undefined);
      expectPristine();
    }
  });

  it('answers through the protocol before the operation is looked up', () => {
    const protocol = queryProtocol({ xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/', version: '2011-06-15' });
    const service = { operations: { GetCallerIdentity: {} } } as unknown as ServiceDefinition;
    const req = xreq({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&__proto__.allow.policyName=x' });
    expect(thrown(() => protocol.decode(req, service))).toEqual(QUERY_ERROR);
    expectPristine();
  });
});

function xreq(init: { method: string; path?: string; headers?: Record<string, string>; body?: string }): XRequest {
  return {
    method: init.method,
    protocol: 'https',
    hostname: 'localhost',
    path: init.path ?? '/',
    rawQuery: '',
    headers: headerRecord(Object.entries(init.headers ?? {})),
    body: Buffer.from(init.body ?? ''),
    sourceIp: '127.0.0.1',
  };
}

describe('JSON 1.1 decoder', () => {
  it('refuses reserved names at any depth, which JSON.parse would keep as own keys', () => {
    for (const body of [
      '{"KeyId":"k","__proto__":{"allow":{"policyName":"x"}}}',
      '{"KeyId":"k","EncryptionContext":{"constructor":{"prototype":{"allow":1}}}}',
      '{"pipeline":{"stages":[{"actions":[{"configuration":{"prototype":"x"}}]}]}}',
      '{"a":[[[{"__proto__":null}]]]}',
    ]) {
      expect(thrown(() => decodeJsonBody(body)), body).toEqual(JSON_ERROR);
    }
    expectPristine();
  });

  it('refuses a body nested too deep to decode instead of answering 500', () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const error = thrown(() => decodeJsonBody(deep));
    if (error) expect(error).toEqual(JSON_ERROR);
  });

  it('fuzz: a body is refused exactly when it names a reserved key, and the prototype never changes', () => {
    const pick = rng(1301);
    const keys = [...RESERVED, 'KeyId', 'allow', 'EncryptionContext', 'Statement', '0', 'toString', 'valueOf'];
    const gen = (depth: number, found: { reserved: boolean }): string => {
      const kind = depth === 0 ? 0 : pick(3);
      if (kind === 0) return JSON.stringify(keys[pick(keys.length)]);
      if (kind === 1) return `[${Array.from({ length: pick(3) }, () => gen(depth - 1, found)).join(',')}]`;
      // Distinct keys: JSON.parse keeps only the last of duplicates, so an earlier reserved key would vanish.
      const names = [...new Set(Array.from({ length: 1 + pick(3) }, () => keys[pick(keys.length)]!))];
      const members = names.map((k) => {
        if (RESERVED.includes(k)) found.reserved = true;
        return `${JSON.stringify(k)}:${gen(depth - 1, found)}`;
      });
      return `{${members.join(',')}}`;
    };
    for (let round = 0; round < 400; round++) {
      const found = { reserved: false };
      const body = `{"KeyId":"k","Body":${gen(4, found)}}`;
      expect(thrown(() => decodeJsonBody(body)), body).toEqual(found.reserved ? JSON_ERROR : undefined);
      expectPristine();
    }
  });

  it('answers through the protocol', () => {
    const protocol = jsonProtocol({ targetPrefix: 'TrentService' });
    const service = { operations: { DescribeKey: {} } } as unknown as ServiceDefinition;
    const req = xreq({ method: 'POST', headers: { 'x-amz-target': 'TrentService.DescribeKey' }, body: '{"KeyId":"k","__proto__":{"allow":1}}' });
    expect(thrown(() => protocol.decode(req, service))).toEqual(JSON_ERROR);
    expect(protocol.decode(xreq({ method: 'POST', headers: { 'x-amz-target': 'TrentService.DescribeKey' }, body: '{"KeyId":"k"}' }), service)).toEqual({
      operation: 'DescribeKey',
      input: { KeyId: 'k' },
    });
  });
});

describe('REST-XML decoder and headers', () => {
  // S3's own protocol: PutObject's x-amz-meta-* headers, and PutBucketTagging's XML payload.
  const decode = (headers: Record<string, string>, body: string) => s3Service.protocol.decode(xreq({ method: 'PUT', path: '/b/k', headers, body }), s3Service);
  const decodeXml = (body: string) => s3Service.protocol.decode({ ...xreq({ method: 'PUT', path: '/b', body }), rawQuery: 'tagging' }, s3Service);

  it('keeps reserved header names as ordinary entries of null-prototype records', () => {
    const headers = headerRecord([
      ['__proto__', 'a'],
      ['Constructor', 'b'],
      ['x-amz-meta-__proto__', 'c'],
      ['X-Amz-Meta-Prototype', 'd'],
      ['x-amz-meta-constructor', ['e', 'f']],
    ]);
    expectOwnEntries(headers, [
      ['__proto__', 'a'],
      ['constructor', 'b'],
      ['x-amz-meta-__proto__', 'c'],
      ['x-amz-meta-prototype', 'd'],
      ['x-amz-meta-constructor', 'e,f'],
    ]);
    const { input } = decode(Object.fromEntries(Object.entries(headers)), '');
    expectOwnEntries((input as Record<string, unknown>)['Metadata'], [
      ['__proto__', 'c'],
      ['prototype', 'd'],
      ['constructor', 'e,f'],
    ]);
    expectPristine();
  });

  it('refuses XML with reserved element names or any document type declaration with MalformedXML', () => {
    const reservedElements = [
      '<Doc><__proto__><allow>1</allow></__proto__></Doc>',
      '<Doc><constructor><prototype><allow>1</allow></prototype></constructor></Doc>',
      '<Doc><Item><prototype>1</prototype></Item><Item/></Doc>',
      '<s3:Doc xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:__proto__>1</s3:__proto__></s3:Doc>',
    ];
    // Internal, external (file, metadata endpoint) and nested entities: none may ever be expanded.
    const dtds = [
      '<!DOCTYPE Doc [<!ENTITY e "EXPANDED">]><Doc><Status>&e;</Status></Doc>',
      '<?xml version="1.0"?><!DOCTYPE Doc [<!ENTITY x SYSTEM "file:///etc/passwd">]><Doc><Status>&x;</Status></Doc>',
      '<!DOCTYPE Doc [<!ENTITY a "EXPANDED"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Doc><S>&b;</S></Doc>',
      '<!doctype Doc><Doc/>',
      '<!DOCTYPE Doc SYSTEM "http://169.254.169.254/"><Doc/>',
    ];
    for (const body of [...reservedElements, ...dtds]) expect(thrown(() => decodeXml(body)), body).toEqual(XML_ERROR);
    expectPristine();
  });

  it('still decodes XML without a DTD, with the predefined entities', () => {
    const { input } = decodeXml('<?xml version="1.0"?><Tagging><TagSet><Tag><Key>a&amp;b&lt;c</Key><Value>1</Value></Tag></TagSet></Tagging>');
    expect((input as Record<string, unknown>)['Tagging']).toEqual({ TagSet: [{ Key: 'a&b<c', Value: '1' }] });
  });
});

describe('policy reader and evaluator', () => {
  const alice = { arn: `arn:aws:iam::${A}:user/alice`, type: 'User' as const, account: A, username: 'alice' };
  const anonymous = { arn: '*', type: 'Anonymous' as const };
  const outsider = { arn: `arn:aws:iam::${B}:root`, type: 'Account' as const, account: B };
  const reserved = (extra: Record<string, unknown>) =>
    JSON.parse(
      JSON.stringify(extra)
        .replace(/"P_"/g, '"__proto__"')
        .replace(/"C_"/g, '"constructor"')
        .replace(/"T_"/g, '"prototype"'),
    ) as object;
  /** Documents carrying every reserved name where a reader could trip on it; JSON.parse keeps them as own keys. */
  const bucketPolicy = () =>
    reserved({
      Version: '2012-10-17',
      P_: { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
      Statement: [
        {
          Sid: 'OwnerOnly',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${A}:root`, P_: '*', C_: '*' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/*',
          Condition: { C_: { 'aws:username': 'x' }, StringEquals: { P_: 'x' } },
          P_: { Effect: 'Allow' },
          C_: { T_: { allow: { policyName: 'x', statement: 'y' } } },
        },
      ],
    });
  const identity = () =>
    reserved({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/readable', Condition: { StringEqualsIfExists: { 'aws:x': '${C_}' } } },
        // An operator named `constructor` is unknown: it never matches, so this Deny never applies.
        { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/denied', Condition: { C_: { 'aws:username': 'alice' } } },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/other', Condition: { StringLike: { 'aws:username': '${P_}*' } } },
      ],
    });

  function requests(): AuthorizationRequest[] {
    const out: AuthorizationRequest[] = [];
    for (const principal of [alice, anonymous, outsider]) {
      for (const key of ['readable', 'denied', 'other']) {
        out.push({
          principal,
          action: 's3:GetObject',
          resource: `arn:aws:s3:::b/${key}`,
          resourceAccount: A,
          identityPolicies: principal === alice ? [{ name: 'alice-policy', document: identity() }] : [],
          resourcePolicy: { name: 'bucket policy of b', kind: 'bucket', document: bucketPolicy() },
        });
      }
    }
    return out;
  }

  const decisions = (): Decision[] => requests().map(evaluate);

  it('decides documents carrying reserved names as without them, and reads none of them', () => {
    const got = decisions().map((d) => `${d.decision} ${d.decidedBy?.policyType ?? ''} ${d.decidedBy?.statement ?? ''}`);
    // alice: the identity Allow for readable; nothing for denied (the Deny's operator is unknown) nor for other
    // (`${__proto__}` is an absent key, so that value matches nothing).
    // anonymous and the other account: the bucket policy names only account A, so nothing is granted.
    expect(got).toEqual([
      'allowed identity #0',
      'implicitDeny identity ',
      'implicitDeny identity ',
      'implicitDeny resource ',
      'implicitDeny resource ',
      'implicitDeny resource ',
      'implicitDeny resource ',
      'implicitDeny resource ',
      'implicitDeny resource ',
    ]);
    expectPristine();
  });

  it('decides exactly as before even while Object.prototype carries an Allow (readers use own properties only)', () => {
    const before = decisions();
    const polluted: Record<string, unknown> = {
      allow: { policyName: 'x', statement: 'y' },
      direct: { policyName: 'x', statement: 'y' },
      parent: { policyName: 'x', statement: 'y' },
      account: { policyName: 'x', statement: 'y' },
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Principal: '*',
      stringequalsifexists: { base: 'string', negated: true, cmp: 'eq' },
    };
    let during: Decision[] = [];
    // Synchronous and restored in `finally`: nothing else runs while the prototype is polluted.
    try {
      for (const [k, v] of Object.entries(polluted)) Object.defineProperty(Object.prototype, k, { value: v, configurable: true, writable: true });
      during = decisions();
    } finally {
      for (const k of Object.keys(polluted)) delete (Object.prototype as Record<string, unknown>)[k];
    }
    expectPristine();
    expect(during).toEqual(before);
  });
});

describe.each(['in-process', 'http'] as const)('polluting requests end to end over %s', (transport) => {
  let emu: RunningEmulator;
  let s3a: S3Client;
  const ROOT = { accessKeyId: A, secretAccessKey: 'test' };
  const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const bucket = `pp-${transport}`;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3a = new S3Client(emu.clientConfig(A));
    await s3a.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3a.send(new PutObjectCommand({ Bucket: bucket, Key: 'secret', Body: 'classified' }));
    await s3a.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Sid: 'OwnAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
        }),
      }),
    );
  });
  afterAll(() => emu.dispose());

  async function signed(service: string, init: { method: string; path?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string }) {
    const headers = { ...(init.headers ?? {}) };
    if (service === 's3') headers['x-amz-content-sha256'] = createHash('sha256').update(init.body ?? '').digest('hex');
    const req = await signer(ROOT, service).sign(baseRequest(emu, { ...init, headers }));
    return send(emu, transport, req);
  }

  /** The decisions a pollution would change: anonymous and cross-account reads, the owner's read, a root key. */
  async function outcomes(): Promise<unknown> {
    const anon = await send(emu, transport, baseRequest(emu, { method: 'GET', path: `/${bucket}/secret` }));
    const s3b = new S3Client(emu.clientConfig(B));
    const cross = await awsError(s3b.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret' })));
    const own = await (await s3a.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret' }))).Body!.transformToString();
    const who = await signed('sts', { method: 'POST', headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    return { anon: [anon.status, xmlError(anon.body)], cross, own, who: [who.status, xmlValue(who.body, 'Arn')] };
  }

  it('refuses each polluting request with the protocol 400 and decides everything else as before', async () => {
    const before = await outcomes();
    expect(before).toEqual({
      anon: [403, { code: 'AccessDenied', message: 'Access Denied' }],
      cross: { code: 'AccessDenied', status: 403, message: 'Access Denied' },
      own: 'classified',
      who: [200, `arn:aws:iam::${A}:root`],
    });

    // The reproduction of issue 13, then its variants and the keys that locked out root keys or caused 500s.
    for (const extra of [
      '__proto__.allow.policyName=x&__proto__.allow.statement=y',
      'constructor.prototype.allow.policyName=x&constructor.prototype.allow.statement=y',
      '__proto__.sessionToken=x',
      '__proto__.toString=x',
      `${Array(10_000).fill('a').join('.')}=1`,
    ]) {
      const res = await signed('sts', { method: 'POST', headers: FORM, body: `Action=GetCallerIdentity&Version=2011-06-15&${extra}` });
      expect({ status: res.status, ...xmlError(res.body) }, extra.slice(0, 60)).toEqual({ status: QUERY_ERROR.status, code: QUERY_ERROR.code, message: QUERY_ERROR.message });
      expectPristine();
    }

    const kms = await signed('kms', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
      body: '{"__proto__":{"allow":{"policyName":"x","statement":"y"}},"constructor":{"prototype":{"allow":1}}}',
    });
    expect({ status: kms.status, body: JSON.parse(kms.body) }).toEqual({ status: 400, body: { __type: JSON_ERROR.code, message: JSON_ERROR.message } });

    for (const body of [
      '<VersioningConfiguration><__proto__><Status>Enabled</Status></__proto__></VersioningConfiguration>',
      '<!DOCTYPE VersioningConfiguration [<!ENTITY s "Enabled">]><VersioningConfiguration><Status>&s;</Status></VersioningConfiguration>',
    ]) {
      const res = await signed('s3', { method: 'PUT', path: `/${bucket}`, query: { versioning: '' }, headers: { 'content-type': 'application/xml' }, body });
      expect({ status: res.status, ...xmlError(res.body) }, body).toEqual({ status: XML_ERROR.status, code: XML_ERROR.code, message: XML_ERROR.message });
    }
    expect((await s3a.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBeUndefined();

    // Metadata names are user data AWS accepts; they round-trip as ordinary names (the SDK's own metadata object
    // would drop `__proto__`, so the raw response is read).
    const meta = { 'x-amz-meta-__proto__': 'p', 'x-amz-meta-constructor': 'c', 'x-amz-meta-prototype': 't' };
    expect((await signed('s3', { method: 'PUT', path: `/${bucket}/meta`, headers: meta, body: 'm' })).status).toBe(200);
    const got = await signed('s3', { method: 'GET', path: `/${bucket}/meta` });
    expect(got.status).toBe(200);
    expect(Object.entries(got.headers).filter(([k]) => k.startsWith('x-amz-meta-')).sort()).toEqual(Object.entries(meta).sort());

    expectPristine();
    expect(await outcomes()).toEqual(before);
  });
});
