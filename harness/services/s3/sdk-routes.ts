/**
 * S3's routes as the SDK's own model declares them: for each operation of @aws-sdk/client-s3, the method, path
 * shape and the query parameters and headers that select it (https://smithy.io/2.0/spec/http-bindings.html).
 * The model's URIs leave the bucket out (the SDK's endpoint rules put it in the host or the path), so the shape is
 * `/` for the operations without a Bucket label, `/{Bucket}` and `/{Bucket}/{Key+}` otherwise. What selects an
 * operation: its URI's literal query (`?tagging`, `?list-type=2`) and its required query and header members
 * (`uploadId`, `x-amz-copy-source`); `x-id=<Op>` is the SDK's tag, which other clients (the AWS CLI) do not send.
 * Deviations: WriteGetObjectResponse's `/WriteGetObjectResponse` path (an S3 Object Lambda host prefix) is read as a
 * bucket path; the emulator implements neither.
 */
import * as s3Model from '@aws-sdk/client-s3';
import type { RestMatch, RestRoute } from '../../protocols/rest-xml.js';
import { sdkOperations, type SdkOperation } from '../../protocols/sdk-model.js';

const METHODS = new Set<RestMatch['method']>(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']);

function isMethod(m: string): m is RestMatch['method'] {
  return METHODS.has(m as RestMatch['method']);
}

/** The route the SDK's model declares for one operation. */
export function sdkMatch(op: SdkOperation): RestMatch {
  if (!op.http || !isMethod(op.http.method)) throw new Error(`S3 model: ${op.name} has no REST binding`);
  const [path, literal = ''] = op.http.uri.split('?') as [string, string?];
  const query: string[] = [];
  let xId: string | undefined;
  for (const part of literal.split('&').filter(Boolean)) {
    if (part.startsWith('x-id=')) xId = part.slice('x-id='.length);
    else query.push(part);
  }
  const headers: string[] = [];
  for (const m of op.input.members) {
    if (!m.required) continue;
    if (typeof m.traits['httpQuery'] === 'string') query.push(m.traits['httpQuery']);
    if (typeof m.traits['httpHeader'] === 'string') headers.push(m.traits['httpHeader'].toLowerCase());
  }
  const bucketLabel = op.input.members.some((m) => m.name === 'Bucket' && m.traits['httpLabel']);
  const target = path.includes('{Key+}') ? 'object' : bucketLabel || path !== '/' ? 'bucket' : 'root';
  return { operation: op.name, method: op.http.method, target, query: query.length ? query : undefined, headers: headers.length ? headers : undefined, xId };
}

/** Every operation of the S3 model, in the model's order. */
export const S3_MODEL: readonly SdkOperation[] = sdkOperations(s3Model);

/**
 * Query parameters that select an operation (S3's subresources: `tagging`, `location`, `uploads`…) and that no
 * operation reads as a member: a request naming one is that subresource's operation or none.
 */
export function subresourcesOf(model: readonly SdkOperation[]): Set<string> {
  const members = new Set(model.flatMap((op) => op.input.members.map((m) => m.traits['httpQuery']).filter((q): q is string => typeof q === 'string')));
  const names = model.flatMap((op) => (sdkMatch(op).query ?? []).map((q) => q.split('=')[0]!));
  return new Set(names.filter((n) => !members.has(n)));
}

/** The route table: every operation of the model, in the model's order, then `extra` (routes outside the model). */
export function routesFromModel(model: readonly SdkOperation[], extra: readonly RestMatch[] = []): RestRoute[] {
  return [...model.map(sdkMatch), ...extra];
}
