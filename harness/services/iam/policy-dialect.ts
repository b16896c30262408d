/**
 * IAM's policy validation (400 MalformedPolicyDocument): "Syntax errors in policy." (invalid JSON / structure), E061
 * for a Resource that is not an ARN, E058 for a trust statement without principals, "Policy document should not
 * specify a principal." for an identity policy with Principal; trust policies: "Has prohibited field Resource"
 * (reported by practitioners from CreateRole through the CLI and Terraform) and "AssumeRole policy may only specify
 * STS AssumeRole actions." (recorded by LocalStack's AWS-validated IAM snapshots); "AssumeRole policy must not
 * contain resources." for NotResource is unconfirmed. The 409 LimitExceeded size quotas:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (managed 6,144; inline role 10,240,
 * user 2,048, group 5,120, each on the sum of the entity's inline policies; trust policy 2,048 characters;
 * whitespace does not count).
 * Not confirmed by a recorded response: the wording for an unknown operator or a bad condition value (we use
 * "Syntax errors in policy."). Session policies (STS) are validated in this dialect too.
 */
import type { PolicyDialect, PolicyProblem } from '../../iam/validate.js';
import type { PolicyRole, PolicyValidationFailure } from '../../iam/types.js';

export interface IamPolicySize {
  /** Which IAM size quota applies to an identity policy. Default: managed. */
  identityKind?: 'managed' | 'inline-role' | 'inline-user' | 'inline-group';
  /** Entity name for the inline-policy size message. */
  entityName?: string;
  /** The entity's other inline policies: IAM's inline quota is on their sum with the new one. */
  otherInline?: readonly string[];
}

const MISSING_RESOURCES = 'Policy statement must contain resources.';

function word(p: PolicyProblem): string {
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
      return p.detail === MISSING_RESOURCES ? p.detail : 'Syntax errors in policy.';
    default:
      return 'Syntax errors in policy.';
  }
}

const LIMITS: Record<NonNullable<IamPolicySize['identityKind']>, number> = {
  managed: 6144,
  'inline-role': 10240,
  'inline-user': 2048,
  'inline-group': 5120,
};

function size(text: string): number {
  return text.replace(/\s+/g, '').length;
}

function sizeFailure(text: string, role: PolicyRole, opts: IamPolicySize): PolicyValidationFailure | undefined {
  if (role === 'trust') {
    if (size(text) > 2048) return { code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for ACLSizePerRole: 2048' };
    return undefined;
  }
  if (role !== 'identity') return undefined;
  const kind = opts.identityKind ?? 'managed';
  const limit = LIMITS[kind];
  const others = kind === 'managed' ? 0 : (opts.otherInline ?? []).reduce((n, doc) => n + size(doc), 0);
  if (size(text) + others <= limit) return undefined;
  if (kind === 'managed') return { code: 'LimitExceeded', status: 409, message: `Cannot exceed quota for PolicySize: ${limit}` };
  const entity = kind.slice('inline-'.length);
  return {
    code: 'LimitExceeded',
    status: 409,
    message: `Maximum policy size of ${limit} bytes exceeded for ${entity} ${opts.entityName ?? ''}`.trimEnd(),
  };
}

/** IAM's dialect, with the size quota of the entity the policy is written to. */
export function iamPolicyDialect(opts: IamPolicySize = {}): PolicyDialect {
  return {
    malformed: { code: 'MalformedPolicyDocument', status: 400 },
    word,
    conditionValues: { date: true, numeric: true, sourceIpUnderAnyOperator: false },
    missingResource: { kind: 'structure', detail: MISSING_RESOURCES },
    trustRules: true,
    // IAM checks an action's vendor and its single colon, not the name after it (getmoto/moto
    // moto/iam/policy_validation.py _validate_action_prefix, modelled on AWS's answers): `s3:"*"` is accepted, and
    // matches no request.
    actionName: /^[^:]+$/,
    sizeAfterGrammar: (text, role) => sizeFailure(text, role, opts),
  };
}

/** A managed policy's quota (and a trust policy's): the dialect for policies not written to an entity. */
export const IAM_POLICY_DIALECT = iamPolicyDialect();
