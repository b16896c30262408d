/**
 * Validation wording per service: the grammar walk (iam/validate.ts) in each service's dialect. Sources:
 * ../shared/aws-facts/errors.jsonl ids in test names; others in the dialect files (services/<svc>/policy-dialect.ts).
 */
import { describe, expect, it } from 'vitest';
import { validatePolicy as validateIn } from '../iam/validate.js';
import type { PolicyRole } from '../iam/types.js';
import { iamPolicyDialect, type IamPolicySize } from './iam/policy-dialect.js';
import { KMS_POLICY_DIALECT } from './kms/policy-dialect.js';
import { S3_POLICY_DIALECT } from './s3/policy-dialect.js';

/** The dialect by the name of the service that validates. */
function validatePolicy(doc: string | object, service: 'iam' | 's3' | 'kms', role: PolicyRole, size: IamPolicySize = {}) {
  const dialect = service === 'iam' ? iamPolicyDialect(size) : service === 's3' ? S3_POLICY_DIALECT : KMS_POLICY_DIALECT;
  return validateIn(doc, dialect, role);
}

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
  it("IAM checks an action's vendor, not its name (moto/iam/policy_validation.py _validate_action_prefix); S3 checks both", () => {
    const quoted = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:"*"', 's3:GetObjekt'], Resource: '*' }] };
    expect(validatePolicy(quoted, 'iam', 'identity')).toBeUndefined();
    const vendorless = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'GetObject', Resource: '*' }] };
    // The wording as moto records it (same file); for two colons AWS says "Actions/Condition can contain only one colon." (eksctl-io/eksctl#2794), which xacct does not yet tell apart.
    expect(validatePolicy(vendorless, 'iam', 'identity')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' });
    const bucketQuoted = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:"*"', Resource: 'arn:aws:s3:::b/*' }] };
    expect(validatePolicy(bucketQuoted, 's3', 'resource')).toEqual({ code: 'MalformedPolicy', status: 400, message: 'Policy has invalid action' });
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

  describe('condition values', () => {
    const withCondition = (condition: object, principal = false) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', ...(principal ? { Principal: '*' } : {}), Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: condition }],
    });
    it('accepts the forms AWS documents: IPv4/IPv6 addresses and CIDR blocks, W3C ISO 8601 dates or epoch, numbers', () => {
      const good = (principal: boolean) => withCondition({
        IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '203.0.113.7', '2001:db8::/32', '2001:DB8::1'] },
        DateGreaterThan: { 'aws:CurrentTime': ['2024-02-29', '2024-02-29T12:00:00Z', '2024-02-29T12:00Z', '2024-02-29T12:00:00.123+02:00', '1718000000', '2024'] },
        NumericLessThan: { 's3:max-keys': ['10', '-1.5', '1e3', 7] },
      }, principal);
      expect(validatePolicy(good(false), 'iam', 'identity')).toBeUndefined();
      expect(validatePolicy(good(true), 'kms', 'resource')).toBeUndefined();
      expect(validatePolicy(withCondition({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, true), 's3', 'resource')).toBeUndefined();
    });
    // No recorded IAM response names a bad condition value; IAM's wording for a document it cannot read is used.
    it('IAM refuses IP, Date and Numeric values the operator cannot compare', () => {
      const bad = [
        { IpAddress: { 'aws:SourceIp': 'not-an-ip' } },
        { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '10.0.0.1/'] } },
        { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } },
        { IpAddress: { 'aws:SourceIp': '300.1.1.1' } },
        { IpAddressIfExists: { 'aws:SourceIp': 12 } },
        { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } },
        { DateEquals: { 'aws:CurrentTime': '2023-02-29' } },
        { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T25:00:00Z' } },
        { NumericEquals: { 's3:max-keys': 'ten' } },
        { 'ForAnyValue:NumericGreaterThan': { 's3:max-keys': ['1', '0x10'] } },
      ];
      for (const condition of bad) {
        expect(validatePolicy(withCondition(condition), 'iam', 'identity')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message: 'Syntax errors in policy.' });
      }
    });
    // scality/cloudserver lib/api/apiUtils/authorization/permissionChecks.js (checkIp) and versity/versitygw
    // auth/bucket_policy.go (policyErrInvalidIPCondition), both written to S3's answers.
    it('S3 refuses a bad IP value with "Invalid IP address in Conditions", aws:SourceIp under any operator', () => {
      for (const condition of [{ IpAddress: { 'aws:SourceIp': '123' } }, { StringEquals: { 'aws:SourceIp': 'office' } }]) {
        expect(validatePolicy(withCondition(condition, true), 's3', 'resource')).toEqual({ code: 'MalformedPolicy', status: 400, message: 'Invalid IP address in Conditions' });
      }
    });
    it('S3 accepts Date and Numeric values it is not known to check', () => {
      const doc = withCondition({ DateLessThan: { 'aws:CurrentTime': 'tomorrow' }, NumericLessThan: { 's3:max-keys': 'ten' } }, true);
      expect(validatePolicy(doc, 's3', 'resource')).toBeUndefined();
    });
    // versity/versitygw auth/bucket_policy_condition.go and Seagate/cortx-s3server PolicyValidator.java.
    it('S3 names an unknown operator', () => {
      expect(validatePolicy(withCondition({ StringEqualz: { 'aws:username': 'a' } }, true), 's3', 'resource')).toEqual({
        code: 'MalformedPolicy',
        status: 400,
        message: 'Invalid Condition type : StringEqualz',
      });
    });
    it('KMS refuses a bad IP value (MalformedPolicyDocumentException)', () => {
      const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'kms:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': 'x' } } }] };
      expect(validatePolicy(doc, 'kms', 'resource')).toEqual({ code: 'MalformedPolicyDocumentException', status: 400, message: 'The policy document is malformed.' });
    });
  });

  describe('size quotas per service', () => {
    const sized = (bytes: number) => {
      const doc = { Version: '2012-10-17', Statement: [{ Sid: '', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
      doc.Statement[0]!.Sid = 'x'.repeat(bytes - JSON.stringify(doc).length);
      return doc;
    };
    // Seagate/cortx-s3server BucketPolicyValidator.java; AWS's answer for an S3 access point policy in
    // Yoshiki0705/FSx-for-ONTAP-Adoption-Playbook ("MalformedPolicy: Normalized policy document exceeds the maximum
    // allowed size"). Limit: https://docs.aws.amazon.com/AmazonS3/latest/userguide/add-bucket-policy.html
    it('S3: 20,480 bytes of compact JSON, whitespace not counted', () => {
      expect(validatePolicy(JSON.stringify(sized(20480), null, 2), 's3', 'resource')).toBeUndefined();
      expect(validatePolicy(JSON.stringify(sized(20481)), 's3', 'resource')).toEqual({
        code: 'MalformedPolicy',
        status: 400,
        message: 'Normalized policy document exceeds the maximum allowed size of 20480 bytes',
      });
    });
    // botocore's KMS model: "If the key policy exceeds the length constraint, KMS returns a LimitExceededException";
    // quota 32,768 bytes (https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html). No recorded
    // message: the exception's documented description stands in.
    it('KMS: 32,768 bytes, LimitExceededException', () => {
      const key = (bytes: number) => {
        const doc = { Version: '2012-10-17', Statement: [{ Sid: '', Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'kms:*', Resource: '*' }] };
        doc.Statement[0]!.Sid = 'x'.repeat(bytes - JSON.stringify(doc).length);
        return JSON.stringify(doc);
      };
      expect(validatePolicy(key(32768), 'kms', 'resource')).toBeUndefined();
      expect(validatePolicy(key(32769), 'kms', 'resource')).toEqual({
        code: 'LimitExceededException',
        status: 400,
        message: 'The request was rejected because a length constraint or quota was exceeded.',
      });
    });
    // "Maximum policy size of 10240 bytes exceeded for role <name>" (apiary-data-lake#173, kops#12558); the quota is on
    // all of an entity's inline policies together (reference_iam-quotas.html).
    it('IAM: the inline quota counts the entity\'s other inline policies', () => {
      const half = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(5200), Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
      const opts = { identityKind: 'inline-role' as const, entityName: 'deploy' };
      expect(validatePolicy(half, 'iam', 'identity', opts)).toBeUndefined();
      expect(validatePolicy(half, 'iam', 'identity', { ...opts, otherInline: [half] })).toEqual({
        code: 'LimitExceeded',
        status: 409,
        message: 'Maximum policy size of 10240 bytes exceeded for role deploy',
      });
    });
  });
});
