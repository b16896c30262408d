/**
 * S3's bucket policy validation (400 MalformedPolicy): E039 "Missing required field Statement", E040 "Invalid
 * principal in policy", and the texts S3-compatible gateways mirror (versity/versitygw auth/bucket_policy.go):
 * "Policies must be valid JSON and the first byte must be '{'", "Policy has invalid action", "Policy has invalid
 * resource", "Invalid Condition type : <operator>" (also Seagate/cortx-s3server PolicyValidator.java) and "Invalid IP
 * address in Conditions" (also scality/cloudserver permissionChecks.js). S3 checks aws:SourceIp under any operator;
 * it is not known to refuse Date or Numeric values (scality/cloudserver found it does not check
 * s3:object-lock-remaining-retention-days), so it does not here.
 * The 20 KB quota (https://docs.aws.amazon.com/AmazonS3/latest/userguide/add-bucket-policy.html): "Normalized policy
 * document exceeds the maximum allowed size of 20480 bytes" (Seagate/cortx-s3server BucketPolicyValidator.java;
 * AWS's answer for access points measured in Yoshiki0705/FSx-for-ONTAP-Adoption-Playbook).
 * Known deviation: S3's normalization is not published; the emulator counts the compact JSON's UTF-8 bytes.
 */
import type { PolicyDialect, PolicyProblem } from '../../iam/validate.js';

const POLICY_BYTES = 20480;
const NOT_JSON = "Policies must be valid JSON and the first byte must be '{'";

function word(p: PolicyProblem): string {
  switch (p.kind) {
    case 'json':
      return NOT_JSON;
    case 'noStatement':
      return 'Missing required field Statement';
    case 'noPrincipal':
      return 'Missing required field Principal';
    case 'badPrincipal':
    case 'principalInIdentity':
      return 'Invalid principal in policy';
    case 'badAction':
      return 'Policy has invalid action';
    case 'badResource':
      return 'Policy has invalid resource';
    case 'badCondition':
      return `Invalid Condition type : ${p.value}`;
    case 'badConditionValue':
      return 'Invalid IP address in Conditions';
    case 'structure':
      return p.detail === 'empty Statement' ? 'Could not parse the policy: Statement is empty!' : NOT_JSON;
    default:
      // Trust-policy problems are IAM's alone; S3 never validates a trust policy.
      return NOT_JSON;
  }
}

export const S3_POLICY_DIALECT: PolicyDialect = {
  malformed: { code: 'MalformedPolicy', status: 400 },
  word,
  conditionValues: { date: false, numeric: false, sourceIpUnderAnyOperator: true },
  missingResource: { kind: 'badResource', value: '' },
  trustRules: false,
  textStartsWithBrace: true,
  sizeOfParsed(value) {
    if (Buffer.byteLength(JSON.stringify(value), 'utf8') <= POLICY_BYTES) return undefined;
    return { code: 'MalformedPolicy', status: 400, message: `Normalized policy document exceeds the maximum allowed size of ${POLICY_BYTES} bytes` };
  },
};
