/**
 * The grants a pipeline's hops rest on, and a world without one of them.
 * The grants are read from the authorization requests the hops made (every policy the engine was handed: identity
 * policies, permissions boundaries, bucket, key and trust policies, SCPs), so whatever a service adds to the request
 * path is covered without a list here. A grant is an Allow statement; where a statement names several principals or
 * lists several actions, each of them is a grant too, so a superfluous principal or action is found on its own.
 * A grant is taken away by the emulator's authorization lens, which hands the engine the request with that statement
 * (or that principal, or that action) removed: the stores are not touched, so the world stays as the setup made it.
 * Known deviations: KMS grants and S3 ACLs are not policies and are not enumerated; session policies are the
 * caller's restriction, not grants.
 */
import { ROOT_POLICY_NAME } from '../core/authorize.js';
import type { AuthorizationRequest, NamedPolicy } from '../iam/types.js';
import type { Grant } from './types.js';

type Statement = Record<string, unknown>;
type Doc = { Statement?: Statement | Statement[] } & Record<string, unknown>;

/** The policies of a request, by the slot the engine reads them from. */
function slots(request: AuthorizationRequest): Array<{ type: string; policy: NamedPolicy }> {
  const out: Array<{ type: string; policy: NamedPolicy }> = [];
  for (const p of request.identityPolicies ?? []) if (p.name !== ROOT_POLICY_NAME) out.push({ type: 'identity', policy: p });
  if (request.resourcePolicy) out.push({ type: request.resourcePolicy.kind === 'trust' ? 'trust' : request.resourcePolicy.kind === 'other' ? 'resource' : request.resourcePolicy.kind, policy: request.resourcePolicy });
  if (request.permissionsBoundary) out.push({ type: 'permissions boundary', policy: request.permissionsBoundary });
  for (const p of request.scps ?? []) out.push({ type: 'SCP', policy: p });
  for (const p of request.rcps ?? []) out.push({ type: 'RCP', policy: p });
  return out;
}

function parse(document: string | object): Doc {
  return (typeof document === 'string' ? JSON.parse(document) : document) as Doc;
}

function statementsOf(doc: Doc): Statement[] {
  const s = doc.Statement;
  return Array.isArray(s) ? s : s ? [s] : [];
}

function statementLabel(s: Statement, index: number): string {
  return typeof s['Sid'] === 'string' && s['Sid'] !== '' ? s['Sid'] : `#${index}`;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

/** The principals a statement names, as `<type>:<value>` (`AWS:arn:aws:iam::1:root`, `Service:…`). */
function principalsOf(s: Statement): string[] {
  const p = s['Principal'];
  if (p === undefined || typeof p === 'string') return [];
  return Object.entries(p as Record<string, unknown>).flatMap(([type, v]) => list(v).map((value) => `${type}:${value}`));
}

function grantKey(g: Grant): string {
  return JSON.stringify([g.policyType, g.policy, g.statement, g.principal ?? null, g.action ?? null]);
}

/** Collects the grants of the requests it is shown, once each, and the policies they lie in. */
export class GrantCollector {
  private readonly found = new Map<string, Grant>();
  private readonly policies = new Map<string, NamedPolicy>();

  /** A lens that records what each request rests on and changes nothing. */
  readonly lens = (request: AuthorizationRequest): AuthorizationRequest => {
    for (const { type, policy } of slots(request)) this.add(type, policy);
    return request;
  };

  private add(policyType: string, policy: NamedPolicy): void {
    this.policies.set(`${policyType}|${policy.name}`, policy);
    let doc: Doc;
    try {
      doc = parse(policy.document);
    } catch {
      return;
    }
    statementsOf(doc).forEach((s, index) => {
      if (s['Effect'] !== 'Allow') return;
      const statement = statementLabel(s, index);
      const base: Grant = { policy: policy.name, policyType, statement };
      const units: Grant[] = [base];
      const principals = principalsOf(s);
      if (principals.length > 1) for (const principal of principals) units.push({ ...base, principal });
      const actions = list(s['Action']);
      if (actions.length > 1) for (const action of actions) units.push({ ...base, action });
      for (const g of units) this.found.set(grantKey(g), g);
    });
  }

  grants(): Grant[] {
    return [...this.found.values()];
  }

  /** The statement a grant lies in, as the hops saw it. */
  statementOf(grant: Grant): Statement | undefined {
    const policy = this.policies.get(`${grant.policyType}|${grant.policy}`);
    if (!policy) return undefined;
    return statementsOf(parse(policy.document)).find((s, i) => statementLabel(s, i) === grant.statement);
  }
}

function without(statement: Statement, grant: Grant): Statement | undefined {
  if (grant.principal) {
    const [type, ...rest] = grant.principal.split(':');
    const value = rest.join(':');
    const principal = { ...(statement['Principal'] as Record<string, unknown>) };
    const left = list(principal[type!]).filter((v) => v !== value);
    if (left.length === 0) delete principal[type!];
    else principal[type!] = left;
    return Object.keys(principal).length === 0 ? undefined : { ...statement, Principal: principal };
  }
  if (grant.action) {
    const left = list(statement['Action']).filter((a) => a !== grant.action);
    return left.length === 0 ? undefined : { ...statement, Action: left };
  }
  return undefined;
}

function withoutGrant(policy: NamedPolicy, grant: Grant): NamedPolicy {
  const doc = parse(policy.document);
  const statements: Statement[] = [];
  statementsOf(doc).forEach((s, index) => {
    if (s['Effect'] !== 'Allow' || statementLabel(s, index) !== grant.statement) return void statements.push(s);
    const kept = without(s, grant);
    if (kept) statements.push(kept);
  });
  return { ...policy, document: { ...doc, Statement: statements } };
}

/** A lens that hands the engine every request with `grant` taken away. */
export function removing(grant: Grant): (request: AuthorizationRequest) => AuthorizationRequest {
  const hit = (type: string, p: NamedPolicy | undefined): boolean => p !== undefined && p.name === grant.policy && type === grant.policyType;
  return (request) => {
    if (!slots(request).some(({ type, policy }) => hit(type, policy))) return request;
    const out: AuthorizationRequest = { ...request };
    const swap = <P extends NamedPolicy>(type: string, p: P): P => (hit(type, p) ? { ...p, ...withoutGrant(p, grant) } : p);
    if (out.identityPolicies) out.identityPolicies = out.identityPolicies.map((p) => swap('identity', p));
    if (out.resourcePolicy) {
      const kind = out.resourcePolicy.kind;
      out.resourcePolicy = swap(kind === 'trust' ? 'trust' : kind === 'other' ? 'resource' : kind, out.resourcePolicy);
    }
    if (out.permissionsBoundary) out.permissionsBoundary = swap('permissions boundary', out.permissionsBoundary);
    if (out.scps) out.scps = out.scps.map((p) => swap('SCP', p));
    if (out.rcps) out.rcps = out.rcps.map((p) => swap('RCP', p));
    return out;
  };
}

const KEY_ADMIN_ACTION = /^kms:(Create|Describe|Enable|List|Put|Update|Revoke|Disable|Get|Delete|TagResource|UntagResource|ScheduleKeyDeletion|CancelKeyDeletion|ReplicateKey|ImportKeyMaterial|RotateKeyOnDemand)/i;

/**
 * Why an unneeded grant plainly serves administration rather than the pipeline: a key policy's statement for the
 * key's own account (AWS's default key policy, which keeps the key manageable by IAM), or one whose actions only
 * manage the key, granted to principals of the key's account. Undefined when it does not.
 */
export function administrationNote(grant: Grant, statement: Record<string, unknown> | undefined): string | undefined {
  if (grant.policyType !== 'key' || !statement) return undefined;
  const keyAccount = /^arn:aws[\w-]*:kms:[^:]*:(\d{12}):/.exec(grant.policy)?.[1];
  const principals = principalsOf(statement);
  const actions = list(statement['Action']);
  if (keyAccount && principals.length === 1 && (principals[0] === `AWS:arn:aws:iam::${keyAccount}:root` || principals[0] === `AWS:${keyAccount}`)) {
    return "the key policy's statement for the key's own account: it lets IAM policies in that account manage and use the key (AWS's default key policy)";
  }
  // Managing the key is administration for the key's own account; granted to "*" or another account it is a finding.
  const inKeyAccount = (p: string) => keyAccount !== undefined && (p === `AWS:${keyAccount}` || new RegExp(`^AWS:arn:aws[\\w-]*:(iam|sts)::${keyAccount}:`).test(p));
  if (actions.length > 0 && actions.every((a) => KEY_ADMIN_ACTION.test(a)) && principals.length > 0 && principals.every(inKeyAccount)) return 'its actions only manage the key';
  return undefined;
}
