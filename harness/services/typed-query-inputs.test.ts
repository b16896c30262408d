/**
 * STS and IAM declare the SDK's model, so the query protocol hands their handlers what `XCommandInput` says
 * (issue 14, item 1): numbers as numbers, booleans as booleans, `Name.member.N` lists as arrays of the SDK's
 * structures, and parameters the model does not know dropped, as AWS ignores them
 * (https://smithy.io/2.0/spec/behavior-traits.html). Shown over both transports, through the SDK clients and through
 * raw query requests signed by the SDKs' own signer; each handler of this test's copy of the services records its input.
 */
import { CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseRequest, send, signer, type SignerCredentials } from '../../test/helpers/signed-request.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import { A, allow, creds, doc, trust } from './iam/test-fixtures.js';

// Passing session tags needs sts:TagSession beside sts:AssumeRole (id_session-tags.html, see sts/session-tags.test.ts).
const TAGGABLE_TRUST = doc([{ Effect: 'Allow', Principal: { AWS: A }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]);
import { iamService } from './iam/service.js';
import { SERVICE_LOADERS, ServiceCatalog } from './registry.js';
import { stsService } from './sts/service.js';
import type { ServiceDefinition } from './types.js';

const ROLE_ARN = `arn:aws:iam::${A}:role/typed`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

interface Seen {
  operation: string;
  input: unknown;
}

/** The service as it is, except that each handler first records the input it was given. */
function recording(service: ServiceDefinition, seen: Seen[]): ServiceDefinition {
  const operations = Object.fromEntries(
    Object.entries(service.operations).map(([operation, op]) => [
      operation,
      {
        ...op,
        handler: (ctx: Parameters<typeof op.handler>[0], input: unknown, resolved: unknown) => {
          seen.push({ operation, input });
          return op.handler(ctx, input as never, resolved);
        },
      },
    ]),
  );
  return { ...service, operations };
}

describe.each(['in-process', 'http'] as const)('typed query inputs over %s', (transport) => {
  let emu: RunningEmulator;
  let user: SignerCredentials;
  const seen: Seen[] = [];

  const inputOf = (operation: string) => {
    const last = seen.filter((s) => s.operation === operation).pop();
    expect(last, operation).toBeDefined();
    return last!.input as Record<string, unknown>;
  };

  async function query(service: 'sts' | 'iam', credentials: SignerCredentials, body: string) {
    const req = await signer(credentials, service).sign(baseRequest(emu, { method: 'POST', headers: FORM, body }));
    return send(emu, transport, req);
  }

  beforeAll(async () => {
    const services = new ServiceCatalog({ ...SERVICE_LOADERS, sts: async () => recording(stsService, seen), iam: async () => recording(iamService, seen) });
    emu = await startEmulator({ transport, services });
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateRoleCommand({ RoleName: 'typed', AssumeRolePolicyDocument: TAGGABLE_TRUST, MaxSessionDuration: 7200, Tags: [{ Key: 'team', Value: 'ci' }] }));
    await iam.send(new CreateUserCommand({ UserName: 'ci' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'ci', PolicyName: 'assume', PolicyDocument: allow(['sts:AssumeRole', 'sts:TagSession']) }));
    user = await creds(iam, 'ci');
  });
  afterAll(() => emu.dispose());

  it('hands IAM handlers numbers and lists of the SDK structures from the SDK client', () => {
    expect(inputOf('CreateRole')).toEqual({ RoleName: 'typed', AssumeRolePolicyDocument: TAGGABLE_TRUST, MaxSessionDuration: 7200, Tags: [{ Key: 'team', Value: 'ci' }] });
    expect(typeof inputOf('CreateRole')['MaxSessionDuration']).toBe('number');
  });

  it('hands the STS AssumeRole handler DurationSeconds as a number and Tags as [{Key, Value}] from the SDK client', async () => {
    const sts = new STSClient(emu.configFor(user));
    await sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'sdk', DurationSeconds: 900, Tags: [{ Key: 'k', Value: 'v' }] }));
    expect(inputOf('AssumeRole')).toEqual({ RoleArn: ROLE_ARN, RoleSessionName: 'sdk', DurationSeconds: 900, Tags: [{ Key: 'k', Value: 'v' }] });
  });

  it('coerces a raw STS query request and drops the parameter the model does not know', async () => {
    const body = `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(ROLE_ARN)}&RoleSessionName=raw&DurationSeconds=900&Tags.member.1.Key=k&Tags.member.1.Value=v&Bogus=1`;
    const res = await query('sts', user, body);
    expect(res.status).toBe(200);
    const input = inputOf('AssumeRole');
    expect(input).toEqual({ RoleArn: ROLE_ARN, RoleSessionName: 'raw', DurationSeconds: 900, Tags: [{ Key: 'k', Value: 'v' }] });
    expect(input['DurationSeconds']).toBe(900);
    expect(Object.getPrototypeOf(input)).toBeNull();
    expect(Object.keys(input)).not.toContain('Bogus');
  });

  it('coerces raw IAM query requests: integers, xsd booleans, member lists; unknown parameters dropped', async () => {
    const root = { accessKeyId: A, secretAccessKey: 'test' };
    const created = await query(
      'iam',
      root,
      `Action=CreateRole&Version=2010-05-08&RoleName=raw2&AssumeRolePolicyDocument=${encodeURIComponent(trust({ AWS: A }))}&MaxSessionDuration=3600&Tags.member.1.Key=a&Tags.member.1.Value=b&Bogus=1`,
    );
    expect(created.status).toBe(200);
    expect(inputOf('CreateRole')).toEqual({ RoleName: 'raw2', AssumeRolePolicyDocument: trust({ AWS: A }), MaxSessionDuration: 3600, Tags: [{ Key: 'a', Value: 'b' }] });

    const iam = new IAMClient(emu.clientConfig(A));
    const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: allow('s3:GetObject') }));
    const arn = policy.Policy!.Arn!;
    const version = await query('iam', root, `Action=CreatePolicyVersion&Version=2010-05-08&PolicyArn=${encodeURIComponent(arn)}&PolicyDocument=${encodeURIComponent(allow('s3:PutObject'))}&SetAsDefault=1`);
    expect(version.status).toBe(200);
    expect(inputOf('CreatePolicyVersion')['SetAsDefault']).toBe(true);
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:ListBucket'), SetAsDefault: false }));
    expect(inputOf('CreatePolicyVersion')['SetAsDefault']).toBe(false);

    const listed = await query('iam', root, 'Action=ListRoles&Version=2010-05-08&MaxItems=1');
    expect(listed.status).toBe(200);
    expect(inputOf('ListRoles')).toEqual({ MaxItems: 1 });
  });
});
