/**
 * The `xacct policy simulate` request file, turned into an AuthorizationRequest (shared by the CLI and the
 * data-driven cases). Principal ARNs are read the way STS GetCallerIdentity reports them:
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * A session ARN carries no role path, so the derived role ARN has none; pass a principal object to set one.
 * Policies are validated in the dialect of the service that would hold them, which the caller supplies
 * (harness/services/policy-dialects.ts).
 */
import type {
  AuthorizationRequest,
  ContextValue,
  NamedPolicy,
  PolicyRole,
  PrincipalInfo,
  ResourcePolicyKind,
} from './types.js';
import { validatePolicy, type PolicyDialect } from './validate.js';

/** The dialects policies are validated in, and the kind of resource policy an action's resource carries by default. */
export interface PolicyDialects {
  /** Identity policies, boundaries, session policies, SCPs and RCPs. */
  identity: PolicyDialect;
  resource(kind: ResourcePolicyKind): PolicyDialect;
  kindOf(action: string): ResourcePolicyKind;
}

export class SimulateInputError extends Error {}

export function principalFromArn(arn: string): PrincipalInfo {
  if (arn === '*' || arn === 'anonymous') return { arn: '*', type: 'Anonymous' };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(arn)) return { arn, type: 'Service', service: arn };
  let m = /^arn:[^:]+:iam::(\d{12}):root$/.exec(arn);
  if (m?.[1]) return { arn, type: 'Account', account: m[1], userId: m[1] };
  m = /^arn:[^:]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (m?.[1] && m[2]) return { arn, type: 'User', account: m[1], username: m[2] };
  m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/([^/]+)$/.exec(arn);
  if (m?.[2] && m[3] && m[4]) {
    return { arn, type: 'AssumedRole', account: m[2], roleArn: `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` };
  }
  m = /^arn:[^:]+:sts::(\d{12}):federated-user\/(.+)$/.exec(arn);
  if (m?.[1]) return { arn, type: 'FederatedUser', account: m[1] };
  throw new SimulateInputError(
    `"principal" ${JSON.stringify(arn)} is not a user, role-session, federated-user, root or service principal ARN`,
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function named(raw: unknown, fallbackName: string): NamedPolicy {
  if (isObject(raw) && 'document' in raw) {
    return { name: typeof raw.name === 'string' ? raw.name : fallbackName, document: raw.document as object };
  }
  if (typeof raw === 'string' || isObject(raw)) return { name: fallbackName, document: raw };
  throw new SimulateInputError(`"${fallbackName}" must be a policy document (object or JSON string)`);
}

function check(validate: boolean, p: NamedPolicy, field: string, dialect: PolicyDialect, role: PolicyRole): void {
  if (!validate) return;
  const failure = validatePolicy(p.document, dialect, role);
  if (failure) throw new SimulateInputError(`${field} is not a valid policy: ${failure.code}: ${failure.message}`);
}

function readContext(raw: unknown): Record<string, ContextValue> {
  if (!isObject(raw)) throw new SimulateInputError('"context" must be an object of string or string-array values');
  const out: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v as string[];
    else throw new SimulateInputError(`context key "${k}" must be a string or an array of strings`);
  }
  return out;
}

/** `validate: false` lets tests evaluate documents that validation would reject (e.g. unknown operators). */
export function requestFromInput(raw: unknown, dialects: PolicyDialects, opts: { validate?: boolean } = {}): AuthorizationRequest {
  const validate = opts.validate !== false;
  if (!isObject(raw)) throw new SimulateInputError('the file must hold one JSON object');
  for (const f of ['principal', 'action', 'resource'] as const) {
    if (raw[f] === undefined) throw new SimulateInputError(`missing required field "${f}"`);
  }
  const principal = isObject(raw.principal)
    ? (raw.principal as unknown as PrincipalInfo)
    : typeof raw.principal === 'string'
      ? principalFromArn(raw.principal)
      : undefined;
  if (!principal || typeof principal.arn !== 'string' || typeof principal.type !== 'string') {
    throw new SimulateInputError('"principal" must be an ARN string');
  }
  if (typeof raw.action !== 'string' || !/^[a-zA-Z0-9-]+:[a-zA-Z0-9]+$/.test(raw.action)) {
    throw new SimulateInputError('"action" must look like "service:Action", e.g. "s3:GetObject"');
  }
  if (typeof raw.resource !== 'string' || (raw.resource !== '*' && !raw.resource.startsWith('arn:'))) {
    throw new SimulateInputError('"resource" must be an ARN or "*"');
  }
  const req: AuthorizationRequest = { principal, action: raw.action, resource: raw.resource };
  if (raw.resourceAccount !== undefined) {
    if (typeof raw.resourceAccount !== 'string' || !/^\d{12}$/.test(raw.resourceAccount)) {
      throw new SimulateInputError('"resourceAccount" must be a 12-digit account id');
    }
    req.resourceAccount = raw.resourceAccount;
  }
  if (raw.context !== undefined) req.context = readContext(raw.context);
  const lists = [
    ['identityPolicies', 'identity'],
    ['scps', 'scp'],
    ['rcps', 'rcp'],
  ] as const;
  for (const [field, label] of lists) {
    const v = raw[field];
    if (v === undefined) continue;
    if (!Array.isArray(v)) throw new SimulateInputError(`"${field}" must be an array of policy documents`);
    const ps = v.map((d, i) => named(d, `${label}#${i}`));
    ps.forEach((p, i) => check(validate, p, `${field}[${i}]`, dialects.identity, field === 'rcps' ? 'resource' : 'identity'));
    req[field] = ps;
  }
  if (raw.resourcePolicy !== undefined) {
    const kindRaw = raw.resourcePolicyKind ?? (isObject(raw.resourcePolicy) ? raw.resourcePolicy.kind : undefined);
    const kind = (typeof kindRaw === 'string' ? kindRaw : dialects.kindOf(raw.action)) as ResourcePolicyKind;
    if (!['bucket', 'key', 'trust', 'other'].includes(kind)) {
      throw new SimulateInputError('"resourcePolicyKind" must be bucket, key, trust or other');
    }
    const p = named(raw.resourcePolicy, `${kind} policy`);
    check(validate, p, 'resourcePolicy', dialects.resource(kind), kind === 'trust' ? 'trust' : 'resource');
    req.resourcePolicy = { ...p, kind };
  }
  for (const field of ['permissionsBoundary', 'sessionPolicy'] as const) {
    if (raw[field] === undefined) continue;
    const p = named(raw[field], field === 'permissionsBoundary' ? 'permissions boundary' : 'session policy');
    check(validate, p, field, dialects.identity, 'identity');
    req[field] = p;
  }
  return req;
}
