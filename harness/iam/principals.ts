/**
 * The Principal / NotPrincipal element and how a caller matches it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * - `*` and {"AWS": "*"} match everyone; an account id or `arn:aws:iam::<id>:root` matches every principal of
 *   that account at "account" level (a delegation to that account's IAM policies, not a grant on its own);
 * - a role ARN matches the sessions of that role ("parent" level); a session, user or federated-user ARN
 *   matches exactly ("direct"); a role ARN never matches the account root.
 * - Service, Federated and CanonicalUser principals match by name.
 * No wildcards inside principal ARNs: IAM rejects them, so they are compared literally.
 */
import { principalArnOf } from './context.js';
import type { PrincipalInfo } from './types.js';

export type PrincipalMatch = 'direct' | 'parent' | 'account' | 'none';

type Entry =
  | { kind: 'any' }
  | { kind: 'account'; account: string }
  | { kind: 'arn'; arn: string }
  | { kind: 'service'; name: string }
  | { kind: 'federated'; name: string }
  | { kind: 'canonical'; id: string };

export interface CompiledPrincipal {
  entries: Entry[];
}

const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
const ACCOUNT_ID = /^\d{12}$/;

function asList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

export function compilePrincipal(raw: unknown): CompiledPrincipal {
  const entries: Entry[] = [];
  if (raw === '*') return { entries: [{ kind: 'any' }] };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { entries };
  for (const [type, value] of Object.entries(raw as Record<string, unknown>)) {
    for (const v of asList(value)) {
      if (type === 'AWS') {
        if (v === '*') entries.push({ kind: 'any' });
        else if (ACCOUNT_ID.test(v)) entries.push({ kind: 'account', account: v });
        else {
          const root = ROOT_ARN.exec(v);
          entries.push(root?.[1] ? { kind: 'account', account: root[1] } : { kind: 'arn', arn: v });
        }
      } else if (type === 'Service') entries.push({ kind: 'service', name: v });
      else if (type === 'Federated') entries.push({ kind: 'federated', name: v });
      else if (type === 'CanonicalUser') entries.push({ kind: 'canonical', id: v });
    }
  }
  return { entries };
}

const RANK: Record<PrincipalMatch, number> = { none: 0, account: 1, parent: 2, direct: 3 };

function parentArn(p: PrincipalInfo): string | undefined {
  if (p.type === 'AssumedRole') return principalArnOf(p);
  if (p.type === 'FederatedUser') {
    const m = /^arn:([^:]+):sts::(\d{12}):federated-user\/(.+)$/.exec(p.arn);
    return m ? `arn:${m[1]}:iam::${m[2]}:user/${m[3]}` : undefined;
  }
  return undefined;
}

function matchEntry(e: Entry, p: PrincipalInfo): PrincipalMatch {
  switch (e.kind) {
    case 'any':
      return 'direct';
    case 'account':
      return p.account === e.account && p.type !== 'Service' && p.type !== 'Anonymous' ? 'account' : 'none';
    case 'arn':
      if (p.type === 'Service' || p.type === 'Anonymous') return 'none';
      if (e.arn === p.arn) return p.type === 'Account' ? 'account' : 'direct';
      return e.arn === parentArn(p) ? 'parent' : 'none';
    case 'service':
      return p.type === 'Service' && (p.service ?? p.arn) === e.name ? 'direct' : 'none';
    case 'federated':
      return p.type === 'FederatedUser' && p.arn === e.name ? 'direct' : 'none';
    case 'canonical':
      return 'none';
  }
}

export function matchPrincipal(cp: CompiledPrincipal, p: PrincipalInfo): PrincipalMatch {
  let best: PrincipalMatch = 'none';
  for (const e of cp.entries) {
    const m = matchEntry(e, p);
    if (RANK[m] > RANK[best]) {
      best = m;
      if (best === 'direct') break;
    }
  }
  return best;
}
