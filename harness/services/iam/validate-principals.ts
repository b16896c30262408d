/**
 * IAM rejects a trust policy (or a key/bucket policy, in KMS's and S3's words) that names an IAM role or user that
 * does not exist: "Invalid principal in policy: "AWS":"arn:aws:iam::1:role/x"" (errors.jsonl E058 family).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
import type { World } from '../../world/world.js';
import { findRoleByArn, findUserByArn } from './store.js';

function principalValues(doc: unknown): string[] {
  const out: string[] = [];
  const statements = (doc as { Statement?: unknown })?.Statement;
  for (const s of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    for (const key of ['Principal', 'NotPrincipal']) {
      const p = (s as Record<string, unknown>)[key];
      if (p && typeof p === 'object') {
        const aws = (p as Record<string, unknown>)['AWS'];
        for (const v of Array.isArray(aws) ? aws : aws !== undefined ? [aws] : []) if (typeof v === 'string') out.push(v);
      }
    }
  }
  return out;
}

/** The first AWS principal ARN naming a role or user that does not exist in a known account, if any. */
export function missingPrincipal(world: World, document: string | object): string | undefined {
  let doc: unknown = document;
  if (typeof document === 'string') {
    try {
      doc = JSON.parse(document);
    } catch {
      return undefined;
    }
  }
  for (const arn of principalValues(doc)) {
    const m = /^arn:aws:iam::(\d{12}):(role|user)\//.exec(arn);
    if (!m || !world.account(m[1]!)) continue;
    const found = m[2] === 'role' ? findRoleByArn(world, arn) : findUserByArn(world, arn);
    if (!found) return arn;
  }
  return undefined;
}
