/**
 * Contract of the policy engine (harness/iam/): pure, no HTTP, no state.
 * Mirrors IAM's policy evaluation logic:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * The request path (harness/core/authorize.ts) gathers the policies and calls `evaluate`.
 */

export type ContextValue = string | string[];

/** Who is asking, as far as policy evaluation needs to know. */
export interface PrincipalInfo {
  /** The caller's ARN: arn:aws:iam::1:root, arn:aws:iam::1:user/u, arn:aws:sts::1:assumed-role/r/s, or a service principal name. */
  arn: string;
  type: 'Account' | 'User' | 'AssumedRole' | 'FederatedUser' | 'Service' | 'Anonymous';
  /** 12-digit account; absent for service and anonymous principals. */
  account?: string;
  /** For AssumedRole: the IAM role ARN (arn:aws:iam::1:role/path/name) that aws:PrincipalArn takes. */
  roleArn?: string;
  /** aws:userid: AIDA… for users, AROA…:session for role sessions, the account id for root. */
  userId?: string;
  /** aws:username, users only. */
  username?: string;
  /** For Service principals: e.g. codepipeline.amazonaws.com. */
  service?: string;
  /**
   * For Service principals acting for one of their resources (a CodeBuild project, a pipeline, an EventBridge rule):
   * that resource's ARN and account, which requests carry as aws:SourceArn and aws:SourceAccount.
   */
  source?: { arn: string; account: string };
  /** Session tags of a role session or federated user: aws:PrincipalTag/<key> (tag keys match case-insensitively). */
  sessionTags?: { Key: string; Value: string }[];
}

/** A policy with a name that explanations can cite (an ARN, or `role/<name>/inline/<policy>`). */
export interface NamedPolicy {
  name: string;
  document: string | object;
}

export type ResourcePolicyKind = 'bucket' | 'key' | 'trust' | 'other';

export interface AuthorizationRequest {
  principal: PrincipalInfo;
  /** `service:Action`, e.g. s3:GetObject. */
  action: string;
  /** Resource ARN (`*` for actions without a resource). */
  resource: string;
  /** Account that owns the resource; taken from the ARN when it carries one (S3 ARNs do not). */
  resourceAccount?: string;
  /** Request context keys (case-insensitive names). Keys derivable from the principal are derived when absent. */
  context?: Record<string, ContextValue>;
  identityPolicies?: NamedPolicy[];
  /** Bucket policy, key policy or trust policy. `key` and `trust` are mandatory gates. */
  /** awsManaged: the resource is AWS's (an AWS managed key): its policy cannot be changed by the customer, so a fix
   * must name another resource, not an edit of this policy. */
  resourcePolicy?: NamedPolicy & { kind: ResourcePolicyKind; awsManaged?: boolean };
  permissionsBoundary?: NamedPolicy;
  sessionPolicy?: NamedPolicy;
  scps?: NamedPolicy[];
  rcps?: NamedPolicy[];
}

export type PolicyType =
  | 'scp'
  | 'rcp'
  | 'resource'
  | 'permissionsBoundary'
  | 'session'
  | 'identity';

export type DecisionKind = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface Decision {
  decision: DecisionKind;
  /**
   * The policy that decided: for explicitDeny, the one with the Deny statement; for implicitDeny, the policy type
   * that lacked an Allow (policyName may be absent when no policy of that type exists); for allowed, the Allow that
   * granted (resource policy or identity policy).
   */
  decidedBy?: {
    policyType: PolicyType;
    /** For a resource policy, which kind (bucket/key/trust). */
    resourceKind?: ResourcePolicyKind;
    policyName?: string;
    /** Sid, or `#<index>` (0-based) when the statement has no Sid. */
    statement?: string;
  };
  /** One or two sentences: why. */
  explanation: string;
  /** For denials: what to change, phrased as the fix. */
  fix?: string;
}

/** A policy document rejected by validation, worded like the validating service. */
export interface PolicyValidationFailure {
  /** AWS error code, e.g. MalformedPolicyDocument (IAM), MalformedPolicy (S3), MalformedPolicyDocumentException (KMS). */
  code: string;
  status: number;
  message: string;
}

export type PolicyRole = 'identity' | 'resource' | 'trust';
