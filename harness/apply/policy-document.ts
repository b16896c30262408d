/**
 * The data source aws_iam_policy_document rendered the way terraform-provider-aws does
 * (internal/service/iam/policy_document_data_source.go and policy_model.go,
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document):
 * Version defaults to 2012-10-17; a one-element list becomes a string; actions, resources and principal
 * identifiers (sets) are sorted in reverse; condition values keep their order; principal and condition maps are
 * key-sorted; `json` is indented by two spaces, `minified_json` is not; both escape <, > and & like Go;
 * `&{` becomes `${`; source_policy_documents and override_policy_documents merge by Sid.
 * Deviations: several `principals`/`condition` blocks keep configuration order (Terraform orders set elements
 * by hash, which does not change the policy's meaning).
 */
import { Crc32 } from '@aws-crypto/crc32';
import type { Value } from './expressions.js';

type StrOrList = string | string[];
interface Principal { type: string; identifiers: StrOrList }
interface Condition { test: string; variable: string; values: StrOrList }
interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: Principal[];
  NotPrincipal?: Principal[];
  Condition?: Condition[];
}
interface Doc { Version: string; Id?: string; Statement: Statement[] }

export class PolicyDocumentError extends Error {}

const reverseSorted = (l: string[]) => [...l].sort().reverse();
const decodeSet = (l: string[]): StrOrList => (l.length === 1 ? l[0] : reverseSorted(l));
const replaceVars = (v: StrOrList, version: string): StrOrList => {
  const one = (s: string) => {
    if (version === '2008-10-17' && s.includes('&{')) throw new PolicyDocumentError(`found &{ sequence in (${s}), which is not supported in document version 2008-10-17`);
    return s.split('&{').join('${');
  };
  return Array.isArray(v) ? v.map(one) : one(v);
};

function strings(v: Value | undefined, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new PolicyDocumentError(`${what} must be a list of strings`);
  return v.map((x) => {
    if (typeof x !== 'string') throw new PolicyDocumentError(`${what} must be a list of strings`);
    return x;
  });
}

const blocks = (v: Value | undefined): Array<Record<string, Value>> =>
  v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map((b) => b as Record<string, Value>);

function principalsJson(ps: Principal[] | undefined): unknown {
  if (!ps || ps.length === 0) return undefined;
  if (ps.length === 1 && ps[0].type === '*') {
    const ids = ps[0].identifiers;
    if (ids === '*' || (Array.isArray(ids) && ids.length === 1 && ids[0] === '*')) return '*';
  }
  const raw: Record<string, StrOrList> = {};
  for (const p of ps) {
    const prev = raw[p.type];
    if (Array.isArray(p.identifiers)) {
      const base = prev === undefined ? [] : typeof prev === 'string' ? [prev] : prev;
      raw[p.type] = [...base, ...reverseSorted(p.identifiers)];
    } else if (prev === undefined) raw[p.type] = p.identifiers;
    else raw[p.type] = [...(typeof prev === 'string' ? [prev] : prev), p.identifiers];
  }
  return sortKeys(raw);
}

function conditionsJson(cs: Condition[] | undefined): unknown {
  if (!cs || cs.length === 0) return undefined;
  const raw: Record<string, Record<string, string[]>> = {};
  for (const c of cs) {
    raw[c.test] ??= {};
    raw[c.test][c.variable] = [...(raw[c.test][c.variable] ?? []), ...(Array.isArray(c.values) ? c.values : [c.values])];
  }
  const out: Record<string, Record<string, StrOrList>> = {};
  for (const test of Object.keys(raw).sort()) {
    out[test] = {};
    for (const variable of Object.keys(raw[test]).sort()) {
      const vals = raw[test][variable];
      out[test][variable] = vals.length === 1 ? vals[0] : vals;
    }
  }
  return out;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

function docJson(d: Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (d.Version) out.Version = d.Version;
  if (d.Id) out.Id = d.Id;
  if (d.Statement.length > 0) {
    out.Statement = d.Statement.map((s) => {
      const o: Record<string, unknown> = {};
      if (s.Sid) o.Sid = s.Sid;
      if (s.Effect) o.Effect = s.Effect;
      const put = (k: string, v: unknown) => {
        if (v !== undefined && !(Array.isArray(v) && v.length === 0)) o[k] = v;
      };
      put('Action', s.Action);
      put('NotAction', s.NotAction);
      put('Resource', s.Resource);
      put('NotResource', s.NotResource);
      put('Principal', principalsJson(s.Principal));
      put('NotPrincipal', principalsJson(s.NotPrincipal));
      put('Condition', conditionsJson(s.Condition));
      return o;
    });
  }
  return out;
}

/** Go's encoding/json escapes these even inside strings; Terraform's output carries them. */
const goEscape = (s: string) => s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function fromConfig(args: Record<string, Value>): Doc {
  const version = (args.version as string | undefined) ?? '2012-10-17';
  if (version !== '2012-10-17' && version !== '2008-10-17') throw new PolicyDocumentError(`expected version to be one of ["2008-10-17" "2012-10-17"], got ${version}`);
  const doc: Doc = { Version: version, Statement: [] };
  if (typeof args.policy_id === 'string' && args.policy_id) doc.Id = args.policy_id;
  const seen = new Set<string>();
  for (const b of blocks(args.statement)) {
    const effect = (b.effect as string | undefined) ?? 'Allow';
    if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyDocumentError(`expected statement effect to be one of ["Allow" "Deny"], got ${effect}`);
    const st: Statement = { Effect: effect };
    if (typeof b.sid === 'string') {
      // No check of the Sid's characters: provider 5.82 checked them at plan time, which refused KMS key policies
      // ("Enable IAM User Permissions"); 5.84 dropped the check (hashicorp/terraform-provider-aws#40639). AWS checks
      // each service's own rules when the policy is used.
      if (seen.has(b.sid)) throw new PolicyDocumentError(`writing IAM Policy Document: duplicate Sid (${b.sid}). Remove the Sid or ensure the Sid is unique.`);
      if (b.sid) seen.add(b.sid);
      st.Sid = b.sid;
    }
    const set = (k: string) => strings(b[k], k);
    if (set('actions').length) st.Action = decodeSet(set('actions'));
    if (set('not_actions').length) st.NotAction = decodeSet(set('not_actions'));
    if (set('resources').length) st.Resource = replaceVars(decodeSet(set('resources')), version);
    if (set('not_resources').length) st.NotResource = replaceVars(decodeSet(set('not_resources')), version);
    const principals = (k: string): Principal[] =>
      blocks(b[k]).map((p) => ({ type: String(p.type), identifiers: replaceVars(decodeSet(strings(p.identifiers, `${k}.identifiers`)), version) }));
    if (blocks(b.principals).length) st.Principal = principals('principals');
    if (blocks(b.not_principals).length) st.NotPrincipal = principals('not_principals');
    const conds = blocks(b.condition).map((c) => {
      const vals = replaceVars(strings(c.values, 'condition.values'), version) as string[];
      return { test: String(c.test), variable: String(c.variable), values: vals.length === 1 ? vals[0] : vals };
    });
    if (conds.length) st.Condition = conds;
    doc.Statement.push(st);
  }
  return doc;
}

/** Reads a JSON policy the way the provider's UnmarshalJSON does (for source/override documents). */
function fromJson(text: string, label: string): Doc {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new PolicyDocumentError(`writing IAM Policy Document: merging ${label}: ${(e as Error).message}`);
  }
  const stmts = raw.Statement === undefined ? [] : raw.Statement;
  if (!Array.isArray(stmts)) throw new PolicyDocumentError(`writing IAM Policy Document: merging ${label}: json: cannot unmarshal object into Go struct field IAMPolicyDoc.Statement`);
  const principals = (p: unknown): Principal[] | undefined => {
    if (p === undefined) return undefined;
    if (typeof p === 'string') return [{ type: '*', identifiers: ['*'] }];
    return Object.entries(p as Record<string, unknown>).map(([type, ids]) => ({
      type,
      identifiers: typeof ids === 'string' ? ids : [...(ids as string[])].sort(),
    }));
  };
  const conditions = (c: unknown): Condition[] | undefined => {
    if (c === undefined) return undefined;
    const out: Condition[] = [];
    for (const [test, vars] of Object.entries(c as Record<string, Record<string, unknown>>)) {
      for (const [variable, v] of Object.entries(vars)) {
        out.push({ test, variable, values: typeof v === 'boolean' ? String(v) : typeof v === 'string' ? [v] : (v as string[]) });
      }
    }
    return out;
  };
  return {
    Version: typeof raw.Version === 'string' ? raw.Version : '',
    Id: typeof raw.Id === 'string' ? raw.Id : undefined,
    Statement: (stmts as Array<Record<string, unknown>>).map((s) => ({
      Sid: s.Sid as string | undefined,
      Effect: s.Effect as string | undefined,
      Action: s.Action,
      NotAction: s.NotAction,
      Resource: s.Resource,
      NotResource: s.NotResource,
      Principal: principals(s.Principal),
      NotPrincipal: principals(s.NotPrincipal),
      Condition: conditions(s.Condition),
    })),
  };
}

function merge(into: Doc, next: Doc): void {
  if (next.Id) into.Id = next.Id;
  if (next.Version > into.Version) into.Version = next.Version;
  for (const st of next.Statement) {
    const i = st.Sid ? into.Statement.findIndex((s) => s.Sid === st.Sid) : -1;
    if (i >= 0) into.Statement[i] = st;
    else into.Statement.push(st);
  }
}

export interface RenderedPolicyDocument {
  json: string;
  minified_json: string;
  id: string;
}

export function renderPolicyDocument(args: Record<string, Value>): RenderedPolicyDocument {
  const merged: Doc = { Version: '', Statement: [] };
  const sids = new Set<string>();
  strings(args.source_policy_documents, 'source_policy_documents').forEach((text, i) => {
    const d = fromJson(text, `source document ${i}`);
    d.Statement.forEach((st, j) => {
      if (!st.Sid) return;
      if (sids.has(st.Sid)) throw new PolicyDocumentError(`writing IAM Policy Document: merging source document ${i}: duplicate Sid (${st.Sid}) in source_policy_documents (statement ${j}). Remove the Sid or ensure Sids are unique.`);
      sids.add(st.Sid);
    });
    merge(merged, d);
  });
  merge(merged, fromConfig(args));
  strings(args.override_policy_documents, 'override_policy_documents').forEach((text, i) => merge(merged, fromJson(text, `override document ${i}`)));
  const obj = docJson(merged);
  const json = goEscape(JSON.stringify(obj, null, 2));
  const crc = new Crc32().update(Buffer.from(json, 'utf8')).digest();
  return { json, minified_json: goEscape(JSON.stringify(obj)), id: String(crc >>> 0) };
}
