/**
 * Session tags of AssumeRole and GetFederationToken: the checks STS makes of Tags and TransitiveTagKeys, what a
 * chained session inherits, and the context keys the new session's authorization sees.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (Tags, TransitiveTagKeys)
 * Recorded wordings (400 InvalidParameterValue), from LocalStack's AWS-validated snapshots
 * (localstack/localstack tests/aws/services/sts/test_sts.snapshot.json): a transitive key not among the tags, two
 * keys that differ only in case, and a tag that would override a transitive tag of the calling session.
 * The length, pattern and count checks are IAM's for the same tag shapes (../iam/tag-rules.ts, recorded for IAM);
 * no recorded STS response of them was found. The session's tags reach its policies as aws:PrincipalTag/<key>
 * (harness/iam/context.ts). Known deviations: the role's own tags are not among them; the packed size of tags is not
 * counted (PackedPolicyTooLarge is never raised, as for session policies).
 */
import type { Tag } from '@aws-sdk/client-sts';
import { checkedTags, DUPLICATE_TAG_KEYS } from '../iam/tag-rules.js';
import type { Principal } from '../../world/principal.js';
import { InvalidParameterValue } from './errors.js';

export interface SessionTags {
  /** The tags the new session carries: the caller's transitive tags, then the requested ones. */
  tags: { Key: string; Value: string }[];
  transitiveTagKeys: string[];
  /** The tags the request passed itself (then the role's trust policy must allow sts:TagSession). */
  requested: { Key: string; Value: string }[];
}

/** Reads and checks Tags and TransitiveTagKeys against the calling session's transitive tags. */
export function readSessionTags(caller: Principal, input: { Tags?: Tag[]; TransitiveTagKeys?: string[] }): SessionTags {
  const requested = checkedTags(input.Tags, () => InvalidParameterValue(DUPLICATE_TAG_KEYS));
  const seen = new Set(requested.map((t) => t.Key.toLowerCase()));
  const transitive = input.TransitiveTagKeys ?? [];
  for (const k of transitive) {
    if (!seen.has(k.toLowerCase())) throw InvalidParameterValue('The specified transitive tag key must be included in the requested tags.');
  }
  // A chained session keeps the caller's transitive tags, and no request may set one of them again.
  const inheritedKeys = caller.transitiveTagKeys ?? [];
  const inheritedLower = new Set(inheritedKeys.map((k) => k.toLowerCase()));
  if (requested.some((t) => inheritedLower.has(t.Key.toLowerCase()))) {
    throw InvalidParameterValue("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
  }
  const inherited = (caller.sessionTags ?? []).filter((t) => inheritedLower.has(t.Key.toLowerCase()));
  return { tags: [...inherited, ...requested], transitiveTagKeys: [...inheritedKeys, ...transitive], requested };
}

/** The request's tag keys as AssumeRole's and sts:TagSession's authorization sees them (id_session-tags.html, "Conditions"). */
export function tagContext(tags: SessionTags): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (tags.requested.length === 0) return out;
  out['aws:TagKeys'] = tags.requested.map((t) => t.Key);
  for (const t of tags.requested) out[`aws:RequestTag/${t.Key}`] = t.Value;
  if (tags.transitiveTagKeys.length > 0) out['sts:TransitiveTagKeys'] = tags.transitiveTagKeys;
  return out;
}

/** The session-tag fields of the new session's principal, absent when it has none. */
export function sessionTagFields(tags: SessionTags): Pick<Principal, 'sessionTags' | 'transitiveTagKeys'> {
  const out: Pick<Principal, 'sessionTags' | 'transitiveTagKeys'> = {};
  if (tags.tags.length > 0) out.sessionTags = tags.tags;
  if (tags.transitiveTagKeys.length > 0) out.transitiveTagKeys = tags.transitiveTagKeys;
  return out;
}
