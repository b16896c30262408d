/**
 * Policy validation at write time, worded like the service that validates.
 * - IAM (400 MalformedPolicyDocument): "Syntax errors in policy." (invalid JSON / structure), E061 for a Resource
 *   that is not an ARN, E058 for a trust statement without principals, "Policy document should not specify a
 *   principal." for an identity policy with Principal, and the 409 LimitExceeded size quotas:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (managed 6,144; inline role 10,240,
 *   user 2,048, group 5,120, each on the sum of the entity's inline policies; trust policy 2,048 characters;
 *   whitespace does not count).
 * - S3 (400 MalformedPolicy): E039 "Missing required field Statement", E040 "Invalid principal in policy", and
 *   the texts S3-compatible gateways mirror (versity/versitygw auth/bucket_policy.go): "Policies must be valid JSON
 *   and the first byte must be '{'", "Policy has invalid action", "Policy has invalid resource", "Invalid
 *   Condition type : <operator>" (also Seagate/cortx-s3server PolicyValidator.java) and "Invalid IP address in
 *   Conditions" (also scality/cloudserver permissionChecks.js). The 20 KB quota
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/add-bucket-policy.html): "Normalized policy document
 *   exceeds the maximum allowed size of 20480 bytes" (Seagate/cortx-s3server BucketPolicyValidator.java; AWS's
 *   answer for access points measured in Yoshiki0705/FSx-for-ONTAP-Adoption-Playbook).
 * - KMS (400 MalformedPolicyDocumentException): "Policy contains a statement with one or more invalid
 *   principals." (widely reported, e.g. aws-samples CDK pipeline READMEs); the 32 KB quota is
 *   LimitExceededException (see services/kms/key-policy-validate.ts).
 * Trust policies (IAM): "Has prohibited field Resource" (reported by practitioners from CreateRole through the
 *   CLI and Terraform) and "AssumeRole policy may only specify STS AssumeRole actions." (recorded by LocalStack's
 *   AWS-validated IAM snapshots); "AssumeRole policy must not contain resources." for NotResource is unconfirmed.
 * Condition values: IpAddress/NotIpAddress values must be IPv4/IPv6 addresses or CIDR blocks, Date values W3C ISO
 *   8601 or epoch seconds, Numeric values numbers
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * Not confirmed by a recorded response: IAM's wording for an unknown operator or a bad condition value (we use
 *   "Syntax errors in policy."), KMS's for anything but principals ("The policy document is malformed."), and
 *   whether S3 refuses bad Date or Numeric values (it is not known to: they are accepted there).
 * Known deviation: S3's normalization is not published; the emulator counts the compact JSON's UTF-8 bytes.
 * Principal existence is the caller's check (the request path knows which roles exist).
 */
import { isConditionDate, isConditionIp, isConditionNumber, parseOperator } from './conditions.js';
import { parseDocument } from './policy.js';
import type { PolicyRole, PolicyValidationFailure, ValidatingService } from './types.js';

export interface ValidateOptions {
  /** Which IAM size quota applies to an identity policy. Default: managed. */
  identityKind?: 'managed' | 'inline-role' | 'inline-user' | 'inline-group';
  /** Entity name for the inline-policy size message. */
  entityName?: string;
  /** The entity's other inline policies: IAM's inline quota is on their sum with the new one. */
  otherInline?: readonly string[];
}

type Problem =
  | { kind: 'json' }
  | { kind: 'noStatement' }
  | { kind: 'structure'; detail: string }
  | { kind: 'principalInIdentity' }
  | { kind: 'noPrincipal' }
  | { kind: 'badPrincipal'; value: string }
  | { kind: 'badAction'; value: string }
  | { kind: 'badResource'; value: string }
  | { kind: 'badCondition'; value: string }
  | { kind: 'badConditionValue'; ip: boolean; value: string }
  | { kind: 'trustResource' }
  | { kind: 'trustNotResource' }
  | { kind: 'trustAction' };

/** The actions a role trust policy may name (IAM refuses any other, wildcards included). */
const TRUST_ACTIONS = new Set(
  ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'].map((a) => a.toLowerCase()),
);

const ACTION = /^(\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+)$/;
const PRINCIPAL_ARN =
  /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/[\w+=,.@/-]+|role\/[\w+=,.@/-]+|federated-user\/[\w+=,.@-]+)|sts::\d{12}:(assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+|federated-user\/[\w+=,.@-]+))$/;

function list(v: unknown): unknown[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [v];
}

function checkPrincipal(raw: unknown): Problem | undefined {
  if (raw === '*') return undefined;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { kind: 'badPrincipal', value: JSON.stringify(raw) };
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) return { kind: 'badPrincipal', value: '{}' };
  for (const [type, value] of entries) {
    const values = list(value) ?? [];
    for (const v of values) {
      if (typeof v !== 'string' || v === '') return { kind: 'badPrincipal', value: `"${type}":${JSON.stringify(v)}` };
      if (type === 'AWS') {
        if (v !== '*' && !/^\d{12}$/.test(v) && !PRINCIPAL_ARN.test(v)) return { kind: 'badPrincipal', value: `"AWS":"${v}"` };
      } else if (type === 'Service') {
        if (!/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(v) && v !== '*') return { kind: 'badPrincipal', value: `"Service":"${v}"` };
      } else if (type !== 'Federated' && type !== 'CanonicalUser') {
        return { kind: 'badPrincipal', value: `"${type}":"${v}"` };
      }
    }
  }
  return undefined;
}

/**
 * Values an operator cannot compare with. IP values are checked everywhere; S3 also checks aws:SourceIp under any
 * operator. S3 is not known to refuse Date or Numeric values (scality/cloudserver found it does not check
 * s3:object-lock-remaining-retention-days), so only IAM and KMS check those.
 */
function badConditionValue(base: string, key: string, raw: unknown, service: ValidatingService): Problem | undefined {
  const ip = base === 'ip' || (service === 's3' && key.toLowerCase() === 'aws:sourceip');
  const date = base === 'date' && service !== 's3';
  const numeric = base === 'numeric' && service !== 's3';
  if (!ip && !date && !numeric) return undefined;
  for (const v of list(raw) ?? []) {
    const text = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    const fits = ip ? isConditionIp(text) && typeof v === 'string' : date ? isConditionDate(text) : isConditionNumber(text);
    if (!fits) return { kind: 'badConditionValue', ip, value: text };
  }
  return undefined;
}

function findProblem(value: unknown, role: PolicyRole, service: ValidatingService): Problem | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { kind: 'json' };
  const doc = value as Record<string, unknown>;
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
    return { kind: 'structure', detail: 'invalid Version' };
  }
  if (doc.Statement === undefined) return { kind: 'noStatement' };
  const statements = list(doc.Statement) ?? [];
  if (statements.length === 0) return { kind: 'structure', detail: 'empty Statement' };
  for (const st of statements) {
    if (!st || typeof st !== 'object' || Array.isArray(st)) return { kind: 'structure', detail: 'statement is not an object' };
    const s = st as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return { kind: 'structure', detail: 'Effect must be Allow or Deny' };
    if ((s.Action === undefined) === (s.NotAction === undefined)) return { kind: 'structure', detail: 'exactly one of Action or NotAction' };
    for (const a of list(s.Action ?? s.NotAction) ?? []) {
      if (typeof a !== 'string' || !ACTION.test(a)) return { kind: 'badAction', value: String(a) };
    }
    const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
    if (role === 'identity') {
      if (hasPrincipal) return { kind: 'principalInIdentity' };
    } else {
      if (!hasPrincipal) return { kind: 'noPrincipal' };
      if (s.Principal !== undefined && s.NotPrincipal !== undefined) return { kind: 'structure', detail: 'both Principal and NotPrincipal' };
      const bad = checkPrincipal(s.Principal ?? s.NotPrincipal);
      if (bad) return bad;
    }
    if (role === 'trust' && service === 'iam') {
      if (s.Resource !== undefined) return { kind: 'trustResource' };
      if (s.NotResource !== undefined) return { kind: 'trustNotResource' };
      if (s.Action === undefined || (list(s.Action) ?? []).some((a) => !TRUST_ACTIONS.has(String(a).toLowerCase()))) return { kind: 'trustAction' };
    }
    const resources = list(s.Resource ?? s.NotResource);
    if (s.Resource !== undefined && s.NotResource !== undefined) return { kind: 'structure', detail: 'both Resource and NotResource' };
    if (!resources && role !== 'trust' && service !== 'kms') {
      return service === 's3' ? { kind: 'badResource', value: '' } : { kind: 'structure', detail: 'Policy statement must contain resources.' };
    }
    for (const r of resources ?? []) {
      if (typeof r !== 'string' || (r !== '*' && !(r.startsWith('arn:') && r.split(':').length >= 6))) {
        return { kind: 'badResource', value: String(r) };
      }
    }
    if (s.Condition !== undefined) {
      if (!s.Condition || typeof s.Condition !== 'object' || Array.isArray(s.Condition)) return { kind: 'structure', detail: 'Condition' };
      for (const [op, block] of Object.entries(s.Condition as Record<string, unknown>)) {
        const parsed = parseOperator(op);
        if (!parsed) return { kind: 'badCondition', value: op };
        if (!block || typeof block !== 'object' || Array.isArray(block)) return { kind: 'structure', detail: `Condition ${op}` };
        for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
          const bad = badConditionValue(parsed.op.base, key, raw, service);
          if (bad) return bad;
        }
      }
    }
  }
  return undefined;
}

function iamMessage(p: Problem): string {
  switch (p.kind) {
    case 'principalInIdentity':
      return 'Policy document should not specify a principal.';
    case 'noPrincipal':
      return 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!';
    case 'badPrincipal':
      return `Invalid principal in policy: ${p.value}`;
    case 'badResource':
      return `Resource ${p.value} must be in ARN format or "*".`;
    case 'badAction':
      return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
    case 'trustResource':
      return 'Has prohibited field Resource';
    case 'trustNotResource':
      return 'AssumeRole policy must not contain resources.';
    case 'trustAction':
      return 'AssumeRole policy may only specify STS AssumeRole actions.';
    case 'structure':
      return p.detail === 'Policy statement must contain resources.' ? p.detail : 'Syntax errors in policy.';
    default:
      return 'Syntax errors in policy.';
  }
}

function s3Message(p: Problem): string {
  switch (p.kind) {
    case 'json':
      return "Policies must be valid JSON and the first byte must be '{'";
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
      return p.detail === 'empty Statement' ? 'Could not parse the policy: Statement is empty!' : 'Policies must be valid JSON and the first byte must be \'{\'';
    default:
      // Trust-policy problems are IAM's alone; S3 never validates a trust policy.
      return 'Policies must be valid JSON and the first byte must be \'{\'';
  }
}

function kmsMessage(p: Problem): string {
  switch (p.kind) {
    case 'noPrincipal':
    case 'badPrincipal':
      return 'Policy contains a statement with one or more invalid principals.';
    case 'json':
      return 'The policy is not valid JSON.';
    default:
      return 'The policy document is malformed.';
  }
}

const IAM_LIMITS: Record<NonNullable<ValidateOptions['identityKind']>, number> = {
  managed: 6144,
  'inline-role': 10240,
  'inline-user': 2048,
  'inline-group': 5120,
};

const S3_POLICY_BYTES = 20480;
const KMS_POLICY_BYTES = 32768;

function iamSize(text: string): number {
  return text.replace(/\s+/g, '').length;
}

function iamSizeFailure(text: string, role: PolicyRole, opts: ValidateOptions): PolicyValidationFailure | undefined {
  if (role === 'trust') {
    if (iamSize(text) > 2048) return { code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for ACLSizePerRole: 2048' };
    return undefined;
  }
  if (role !== 'identity') return undefined;
  const kind = opts.identityKind ?? 'managed';
  const limit = IAM_LIMITS[kind];
  const others = kind === 'managed' ? 0 : (opts.otherInline ?? []).reduce((n, doc) => n + iamSize(doc), 0);
  if (iamSize(text) + others <= limit) return undefined;
  if (kind === 'managed') return { code: 'LimitExceeded', status: 409, message: `Cannot exceed quota for PolicySize: ${limit}` };
  const entity = kind.slice('inline-'.length);
  return {
    code: 'LimitExceeded',
    status: 409,
    message: `Maximum policy size of ${limit} bytes exceeded for ${entity} ${opts.entityName ?? ''}`.trimEnd(),
  };
}

/** KMS's key policy quota, checked before anything else in the document. */
export function kmsPolicySizeFailure(text: string): PolicyValidationFailure | undefined {
  if (Buffer.byteLength(text, 'utf8') <= KMS_POLICY_BYTES) return undefined;
  return { code: 'LimitExceededException', status: 400, message: 'The request was rejected because a length constraint or quota was exceeded.' };
}

/** S3 measures the document normalized; we count its compact JSON form in UTF-8. */
function s3SizeFailure(value: unknown): PolicyValidationFailure | undefined {
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') <= S3_POLICY_BYTES) return undefined;
  return { code: 'MalformedPolicy', status: 400, message: `Normalized policy document exceeds the maximum allowed size of ${S3_POLICY_BYTES} bytes` };
}

export function validatePolicy(
  doc: string | object,
  service: ValidatingService,
  role: PolicyRole,
  opts: ValidateOptions = {},
): PolicyValidationFailure | undefined {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  if (service === 'kms') {
    const tooBig = kmsPolicySizeFailure(text);
    if (tooBig) return tooBig;
  }
  const parsed = parseDocument(doc);
  let problem: Problem | undefined;
  if (parsed.error !== undefined) problem = { kind: 'json' };
  else if (service === 's3' && typeof doc === 'string' && !doc.trimStart().startsWith('{')) problem = { kind: 'json' };
  else {
    const tooBig = service === 's3' ? s3SizeFailure(parsed.value) : undefined;
    if (tooBig) return tooBig;
    problem = findProblem(parsed.value, role, service);
  }
  if (problem) {
    switch (service) {
      case 'iam':
        return { code: 'MalformedPolicyDocument', status: 400, message: iamMessage(problem) };
      case 's3':
        return { code: 'MalformedPolicy', status: 400, message: s3Message(problem) };
      case 'kms':
        return { code: 'MalformedPolicyDocumentException', status: 400, message: kmsMessage(problem) };
    }
  }
  if (service === 'iam') return iamSizeFailure(text, role, opts);
  return undefined;
}
