/**
 * Policy grammar at write time: the walk over a policy document every service shares (Version, Statement, Effect,
 * Action, Principal, Resource, Condition operators and values). What differs between the services that validate
 * (IAM, S3, KMS) is their dialect, declared in their folders (services/<svc>/policy-dialect.ts): which condition
 * values they check, whether Resource is required, whether trust-policy rules apply, their size quotas and how each
 * problem is worded.
 * - Principals: AWS account ids and IAM/STS ARNs, service principals, Federated and CanonicalUser.
 * - Trust policies (where the dialect applies trust rules): Resource and NotResource refused; only the STS
 *   AssumeRole family of actions allowed (recorded by LocalStack's AWS-validated IAM snapshots).
 * - Condition values: IpAddress/NotIpAddress values must be IPv4/IPv6 addresses or CIDR blocks, Date values W3C ISO
 *   8601 or epoch seconds, Numeric values numbers
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * Principal existence is the caller's check (the request path knows which roles exist).
 */
import { isConditionDate, isConditionIp, isConditionNumber, parseOperator } from './conditions.js';
import { parseDocument } from './policy.js';
import type { PolicyRole, PolicyValidationFailure } from './types.js';

/** What the grammar walk found wrong, for the dialect to word. */
export type PolicyProblem =
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

type Problem = PolicyProblem;

/** How one service validates policies: what it checks beyond the shared grammar, and how it words each problem. */
export interface PolicyDialect {
  /** The error a grammar problem is answered with. */
  malformed: { code: string; status: number };
  word(problem: PolicyProblem): string;
  /** Which condition values are checked besides IP addresses under IpAddress/NotIpAddress. */
  conditionValues: { date: boolean; numeric: boolean; sourceIpUnderAnyOperator: boolean };
  /** How a statement without Resource or NotResource (outside trust policies) is refused; undefined: allowed. */
  missingResource?: PolicyProblem;
  /** Trust policies are held to the trust rules (no Resource, only STS AssumeRole actions). */
  trustRules: boolean;
  /** What may follow the vendor and its colon in an action; default: letters, digits, `*` and `?`. */
  actionName?: RegExp;
  /** A document given as text must begin with '{'. */
  textStartsWithBrace?: boolean;
  /** A quota checked on the text before anything else. */
  sizeBeforeParse?(text: string): PolicyValidationFailure | undefined;
  /** A quota checked on the parsed document, before its grammar. */
  sizeOfParsed?(value: unknown): PolicyValidationFailure | undefined;
  /** A quota checked once the grammar passes. */
  sizeAfterGrammar?(text: string, role: PolicyRole): PolicyValidationFailure | undefined;
}

/** The actions a role trust policy may name (IAM refuses any other, wildcards included). */
const TRUST_ACTIONS = new Set(
  ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'].map((a) => a.toLowerCase()),
);

const VENDOR_ACTION = /^[a-zA-Z0-9-]+:(.*)$/s;
const ACTION_NAME = /^[a-zA-Z0-9*?]+$/;

function validAction(a: unknown, dialect: PolicyDialect): boolean {
  if (a === '*') return true;
  const m = typeof a === 'string' ? VENDOR_ACTION.exec(a) : null;
  return m !== null && (dialect.actionName ?? ACTION_NAME).test(m[1]!);
}
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

/** Values an operator cannot compare with. IP values are checked by every dialect; the rest as the dialect says. */
function badConditionValue(base: string, key: string, raw: unknown, dialect: PolicyDialect): Problem | undefined {
  const checks = dialect.conditionValues;
  const ip = base === 'ip' || (checks.sourceIpUnderAnyOperator && key.toLowerCase() === 'aws:sourceip');
  const date = base === 'date' && checks.date;
  const numeric = base === 'numeric' && checks.numeric;
  if (!ip && !date && !numeric) return undefined;
  for (const v of list(raw) ?? []) {
    const text = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    const fits = ip ? isConditionIp(text) && typeof v === 'string' : date ? isConditionDate(text) : isConditionNumber(text);
    if (!fits) return { kind: 'badConditionValue', ip, value: text };
  }
  return undefined;
}

function findProblem(value: unknown, role: PolicyRole, dialect: PolicyDialect): Problem | undefined {
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
      if (!validAction(a, dialect)) return { kind: 'badAction', value: String(a) };
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
    if (role === 'trust' && dialect.trustRules) {
      if (s.Resource !== undefined) return { kind: 'trustResource' };
      if (s.NotResource !== undefined) return { kind: 'trustNotResource' };
      if (s.Action === undefined || (list(s.Action) ?? []).some((a) => !TRUST_ACTIONS.has(String(a).toLowerCase()))) return { kind: 'trustAction' };
    }
    const resources = list(s.Resource ?? s.NotResource);
    if (s.Resource !== undefined && s.NotResource !== undefined) return { kind: 'structure', detail: 'both Resource and NotResource' };
    if (!resources && role !== 'trust' && dialect.missingResource) return dialect.missingResource;
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
          const bad = badConditionValue(parsed.op.base, key, raw, dialect);
          if (bad) return bad;
        }
      }
    }
  }
  return undefined;
}

/** A document's grammar and quotas, as the dialect's service validates them; undefined when it is valid. */
export function validatePolicy(doc: string | object, dialect: PolicyDialect, role: PolicyRole): PolicyValidationFailure | undefined {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  const tooBigText = dialect.sizeBeforeParse?.(text);
  if (tooBigText) return tooBigText;
  const parsed = parseDocument(doc);
  let problem: Problem | undefined;
  if (parsed.error !== undefined) problem = { kind: 'json' };
  else if (dialect.textStartsWithBrace && typeof doc === 'string' && !doc.trimStart().startsWith('{')) problem = { kind: 'json' };
  else {
    const tooBig = dialect.sizeOfParsed?.(parsed.value);
    if (tooBig) return tooBig;
    problem = findProblem(parsed.value, role, dialect);
  }
  if (problem) return { ...dialect.malformed, message: dialect.word(problem) };
  return dialect.sizeAfterGrammar?.(text, role);
}
