/**
 * Validation wording per service. Sources: ../shared/aws-facts/errors.jsonl ids in test names; others in validate.ts.
 */
import { describe, expect, it } from 'vitest';
import { validatePolicy } from './validate.js';

const ok = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
const bucket = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };

describe('validatePolicy', () => {
  it('accepts valid identity, bucket, key and trust policies', () => {
    expect(validatePolicy(ok, 'iam', 'identity')).toBeUndefined();
    expect(validatePolicy(JSON.stringify(bucket), 's3', 'resource')).toBeUndefined();
    expect(validatePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'kms:*', Resource: '*' } }, 'kms', 'resource')).toBeUndefined();
    expect(validatePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codepipeline.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, 'iam', 'trust')).toBeUndefined();
  });
  it('IAM: invalid JSON', () => {
    expect(validatePolicy('{nope', 'iam', 'identity')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message: 'Syntax errors in policy.' });
  });
  it('IAM: principal in an identity policy', () => {
    expect(validatePolicy(bucket, 'iam', 'identity')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message: 'Policy document should not specify a principal.' });
  });
  it('IAM: resource not an ARN (E061)', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'my-bucket' }] };
    expect(validatePolicy(doc, 'iam', 'identity')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message: 'Resource my-bucket must be in ARN format or "*".' });
  });
  it('IAM: trust statement without principal (E058)', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] };
    expect(validatePolicy(doc, 'iam', 'trust')).toEqual({
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
    });
  });
  // "Has prohibited field Resource": CreateRole through the AWS CLI and Terraform, quoted in practitioner reports;
  // "AssumeRole policy may only specify STS AssumeRole actions.": LocalStack's IAM provider, validated against AWS.
  it('IAM: a trust policy may not name resources', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole', Resource: '*' }] };
    expect(validatePolicy(doc, 'iam', 'trust')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message: 'Has prohibited field Resource' });
  });
  it('IAM: a trust policy may only allow the STS assume actions', () => {
    for (const action of ['s3:GetObject', '*', 'sts:*', ['sts:AssumeRole', 'iam:PassRole']]) {
      const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: action }] };
      expect(validatePolicy(doc, 'iam', 'trust')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message: 'AssumeRole policy may only specify STS AssumeRole actions.' });
    }
    const tagged = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
    expect(validatePolicy(tagged, 'iam', 'trust')).toBeUndefined();
  });
  it('IAM: unknown condition operator fails validation', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'a' } } }] };
    expect(validatePolicy(doc, 'iam', 'identity')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message: 'Syntax errors in policy.' });
  });
  it('IAM: Null cannot take IfExists', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { NullIfExists: { 'aws:username': 'true' } } }] };
    expect(validatePolicy(doc, 'iam', 'identity')?.code).toBe('MalformedPolicyDocument');
  });
  it('IAM: size quotas (managed 6144, inline role 10240, trust 2048)', () => {
    const big = (n: number) => ({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(n), Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    expect(validatePolicy(big(6200), 'iam', 'identity')).toEqual({ code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for PolicySize: 6144' });
    expect(validatePolicy(big(6200), 'iam', 'identity', { identityKind: 'inline-role', entityName: 'deploy' })).toBeUndefined();
    expect(validatePolicy(big(10300), 'iam', 'identity', { identityKind: 'inline-role', entityName: 'deploy' })).toEqual({
      code: 'LimitExceeded',
      status: 409,
      message: 'Maximum policy size of 10240 bytes exceeded for role deploy',
    });
    const trust = { Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(2100), Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }] };
    expect(validatePolicy(trust, 'iam', 'trust')).toEqual({ code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for ACLSizePerRole: 2048' });
  });
  it('S3: empty object (E039)', () => {
    expect(validatePolicy('{}', 's3', 'resource')).toEqual({ code: 'MalformedPolicy', status: 400, message: 'Missing required field Statement' });
  });
  it('S3: invalid principal (E040)', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'AROAEXAMPLEID' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
    expect(validatePolicy(doc, 's3', 'resource')).toEqual({ code: 'MalformedPolicy', status: 400, message: 'Invalid principal in policy' });
  });
  it('S3: not JSON', () => {
    expect(validatePolicy('[1]', 's3', 'resource')).toEqual({ code: 'MalformedPolicy', status: 400, message: "Policies must be valid JSON and the first byte must be '{'" });
  });
  it('S3: invalid action and resource', () => {
    const act = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'GetObject', Resource: 'arn:aws:s3:::b/*' }] };
    expect(validatePolicy(act, 's3', 'resource')).toEqual({ code: 'MalformedPolicy', status: 400, message: 'Policy has invalid action' });
    const res = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'b/*' }] };
    expect(validatePolicy(res, 's3', 'resource')).toEqual({ code: 'MalformedPolicy', status: 400, message: 'Policy has invalid resource' });
  });
  it('KMS: invalid principal', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::1:role/x' }, Action: 'kms:*', Resource: '*' }] };
    expect(validatePolicy(doc, 'kms', 'resource')).toEqual({
      code: 'MalformedPolicyDocumentException',
      status: 400,
      message: 'Policy contains a statement with one or more invalid principals.',
    });
  });
});
