/**
 * Denials as an on-call reads them (xacct's own, not AWS): one log line per refused request for `xacct serve`'s
 * stderr, and the summaries `GET /_xacct/denials` lists. AWS gives none of this; a client sees only the error and
 * its request id (the AWS CLI shows even that only with --debug), so these are how the id for
 * `/_xacct/explain/<id>` is found. Who may see which denial is decided by admin.ts, as for an explanation.
 */
import type { DenialRecord } from '../emulator.js';

/** The one-line why: the engine's explanation with any line breaks folded, so a log line stays one line. */
function why(record: DenialRecord): string {
  return record.decision.explanation.replace(/\s+/g, ' ').trim();
}

/** `<time> denied <request id> <caller> <action> <resource>: <why>` (ARNs hold no spaces, so fields split on them). */
export function denialLine(record: DenialRecord): string {
  const { request } = record;
  return `${record.time} denied ${record.requestId} ${request.principal.arn} ${request.action} ${request.resource}: ${why(record)}`;
}

/** What the list shows of a denial; the whole record (policies, statement, context) is /_xacct/explain/<id>'s. */
export function denialSummary(record: DenialRecord) {
  const { request, decision } = record;
  return {
    requestId: record.requestId,
    time: record.time,
    service: record.service,
    caller: request.principal.arn,
    action: request.action,
    resource: request.resource,
    decision: decision.decision,
    explanation: why(record),
    ...(decision.fix ? { fix: decision.fix } : {}),
  };
}

/** How many denials the list shows unless `?limit=` says otherwise, and the most it shows. */
export const DEFAULT_DENIALS_LISTED = 100;
export const MAX_DENIALS_LISTED = 2000;

/** `limit` from the query string, or why it is not one. */
export function listLimit(rawQuery: string): number | { problem: string } {
  const given = new URLSearchParams(rawQuery).get('limit');
  if (given === null) return DEFAULT_DENIALS_LISTED;
  const n = Number(given);
  if (!/^\d+$/.test(given) || n < 1 || n > MAX_DENIALS_LISTED) return { problem: `limit must be a whole number from 1 to ${MAX_DENIALS_LISTED}, got "${given}"` };
  return n;
}
