/**
 * IAM's write-time limits on policy documents through the real @aws-sdk/client-iam, over both transports (issue 13):
 * the inline quota on the sum of an entity's inline policies, and condition values IAM cannot compare.
 * Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html ("the total aggregate policy
 * size (the sum size of all inline policies) per entity"); the wording "Maximum policy size of 10240 bytes exceeded
 * for role <name>" (ExpediaGroup/apiary-data-lake#173, kubernetes/kops#12558, 409 in gchq/sleeper#1459).
 * No recorded response names a bad condition value: IAM's wording for a document it cannot read, "Syntax errors in
 * policy." (99designs/iamy#74, boto/boto3#180), stands in.
 */
import { CreatePolicyCommand, CreateRoleCommand, DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }] });
const sized = (chars: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(chars), Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
const withCondition = (condition: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: condition }] });
const SYNTAX = { code: 'MalformedPolicyDocument', status: 400, message: 'Syntax errors in policy.' };

describe.each(['in-process', 'http'] as const)('IAM policy limits over %s', (transport) => {
  let emu: RunningEmulator;
  let iam: IAMClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateRoleCommand({ RoleName: 'limited', AssumeRolePolicyDocument: trust }));
  });
  afterAll(() => emu.dispose());

  it('counts all of a role\'s inline policies against 10,240 characters; replacing one counts it once', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'limited', PolicyName: 'one', PolicyDocument: sized(5000) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'limited', PolicyName: 'one', PolicyDocument: sized(5000) }));
    expect(await awsError(iam.send(new PutRolePolicyCommand({ RoleName: 'limited', PolicyName: 'two', PolicyDocument: sized(5300) })))).toEqual({
      code: 'LimitExceeded',
      status: 409,
      message: 'Maximum policy size of 10240 bytes exceeded for role limited',
    });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'limited', PolicyName: 'one' }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'limited', PolicyName: 'two', PolicyDocument: sized(5300) }));
  });

  it('refuses IP, Date and Numeric condition values in managed, inline and trust policies', async () => {
    const bad = [{ IpAddress: { 'aws:SourceIp': '10.0.0.300' } }, { DateLessThan: { 'aws:CurrentTime': '31/12/2030' } }, { NumericLessThan: { 's3:max-keys': 'many' } }];
    for (const condition of bad) {
      expect(await awsError(iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: withCondition(condition) })))).toEqual(SYNTAX);
      expect(await awsError(iam.send(new PutRolePolicyCommand({ RoleName: 'limited', PolicyName: 'bad', PolicyDocument: withCondition(condition) })))).toEqual(SYNTAX);
    }
    const badTrust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole', Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/40' } } }],
    });
    expect(await awsError(iam.send(new CreateRoleCommand({ RoleName: 'bad-trust', AssumeRolePolicyDocument: badTrust })))).toEqual(SYNTAX);
    await iam.send(new CreatePolicyCommand({ PolicyName: 'good', PolicyDocument: withCondition({ IpAddress: { 'aws:SourceIp': '192.0.2.0/24' }, DateLessThan: { 'aws:CurrentTime': '2030-12-31T00:00:00Z' } }) }));
  });
});
