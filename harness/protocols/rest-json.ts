/**
 * AWS REST-JSON protocol (Lambda): the operation is chosen by method and path, the path's labels, the query and the
 * headers bind to members by the SDK model's HTTP traits, an `httpPayload` blob is the body as sent, and the other
 * members travel in one JSON document. https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 * Routes come from the SDK's model (`restJsonRoutes`: each operation's `http` trait, as s3/sdk-routes.ts derives
 * S3's): a request is the route with the most literal path segments it satisfies; an operation the service's table
 * lacks, or a path no route knows, gets the service's refusal before any member is read.
 * Inputs: labels, headers and query through coerce-rest.ts (the REST bindings are the same as REST-XML's), the JSON
 * document through coerce.ts (wire `json`). Outputs: the model's status code (`http` trait, or the member bound to
 * `httpResponseCode`), `httpHeader` members as headers, a blob payload as it is, the rest as a JSON document.
 * Errors: the code in `x-amzn-errortype` (what the SDKs read), and Lambda's body `{"Type":"User","Message":…}`
 * (as recorded in lambda/lambda.test.ts's sources; the SDK reads `Message` or `message`).
 * Known deviations: `httpPrefixHeaders` and string payloads are not read by any served operation and so not
 * encoded; timestamps in JSON documents are epoch seconds (Lambda's own timestamps are strings).
 */
import { AwsError } from '../core/errors.js';
import { parseQuery, type XRequest, type XResponse } from '../core/request.js';
import type { DecodedRequest, Protocol, ServiceDefinition } from '../core/service.js';
import { coerceInput } from './coerce.js';
import { jsonTypeError } from './coerce-errors.js';
import { inputSchemaOf, planOf, type MemberPlan, type SchemaRef, type StructPlan } from './coerce-plan.js';
import { restXmlInput } from './coerce-rest.js';
import { decodeJsonBody, jsonReplacer } from './json.js';
import { headerText } from './rest-xml-output.js';
import type { SdkOperation } from './sdk-model.js';

export interface RestJsonRoute {
  operation: string;
  method: string;
  /** The path's segments: a literal, `{Label}`, or `{Label+}` (the rest of the path). */
  segments: string[];
}

export interface RestJsonOptions {
  routes: RestJsonRoute[];
  /** A request no route matches, or an operation the service does not implement. */
  unknown(method: string, path: string): AwsError;
  /** The SDK client package: `<Op>$` gives each output's bindings and status. */
  sdk: Readonly<Record<string, unknown>>;
}

/** The routes of every operation of the model that binds one. */
export function restJsonRoutes(model: readonly SdkOperation[]): RestJsonRoute[] {
  return model.flatMap((op) => {
    if (!op.http) return [];
    const path = op.http.uri.split('?')[0]!;
    return [{ operation: op.name, method: op.http.method, segments: path.split('/').filter(Boolean) }];
  });
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The labels of `route` when the path fits it, else undefined. */
function fit(route: RestJsonRoute, parts: string[]): Record<string, string> | undefined {
  const labels = Object.create(null) as Record<string, string>;
  for (let i = 0; i < route.segments.length; i++) {
    const seg = route.segments[i]!;
    if (seg.startsWith('{') && seg.endsWith('+}')) {
      if (i >= parts.length) return undefined;
      labels[seg.slice(1, -2)] = parts.slice(i).map(decodeSegment).join('/');
      return labels;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.startsWith('{')) labels[seg.slice(1, -1)] = decodeSegment(part);
    else if (seg !== part) return undefined;
  }
  return parts.length === route.segments.length ? labels : undefined;
}

function literals(route: RestJsonRoute): number {
  return route.segments.filter((s) => !s.startsWith('{')).length;
}

export function matchRestJson(routes: readonly RestJsonRoute[], method: string, path: string): { route: RestJsonRoute; labels: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean);
  let best: { route: RestJsonRoute; labels: Record<string, string> } | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const labels = fit(route, parts);
    if (labels && (!best || literals(route) > literals(best.route))) best = { route, labels };
  }
  return best;
}

function isBound(m: MemberPlan): boolean {
  const t = m.traits;
  return Boolean(t['httpLabel'] || t['httpPayload'] || t['httpResponseCode'] || t['httpQueryParams']) || typeof t['httpHeader'] === 'string' || typeof t['httpQuery'] === 'string' || typeof t['httpPrefixHeaders'] === 'string';
}

function structOf(schema: SchemaRef): StructPlan {
  const plan = planOf(inputSchemaOf(schema));
  if (plan.kind !== 'structure') throw new TypeError('a REST-JSON input schema must be a structure');
  return plan;
}

/** The input: REST bindings as coerce-rest.ts reads them, the unbound members from the JSON document. */
function restJsonInput(schema: SchemaRef, req: XRequest, labels: Record<string, string>): Record<string, unknown> {
  const plan = structOf(schema);
  const members = plan.members();
  const payload = members.find((m) => m.traits['httpPayload']);
  const parts = { headers: req.headers, query: parseQuery(req.rawQuery), labels, body: payload ? req.body : Buffer.alloc(0) };
  const input = restXmlInput<Record<string, unknown>>(schema, parts, jsonTypeError);
  if (payload) return input;
  const document = coerceInput<Record<string, unknown>>(schema, decodeJsonBody(req.body.toString('utf8')), { wire: 'json', typeError: jsonTypeError });
  for (const m of members) if (!isBound(m) && document[m.name] !== undefined) input[m.name] = document[m.name];
  return input;
}

function operationSchema(opts: RestJsonOptions, operation: string): readonly unknown[] {
  const schema = opts.sdk[`${operation}$`];
  if (!Array.isArray(schema)) throw new Error(`the SDK package has no schema for ${operation}`);
  return schema;
}

function outputPlan(schema: readonly unknown[]): StructPlan | undefined {
  const output = typeof schema[5] === 'function' ? (schema[5] as () => unknown)() : schema[5];
  if (output === 'unit' || output === undefined) return undefined;
  return planOf(output as SchemaRef) as StructPlan;
}

function encodeOutput(opts: RestJsonOptions, operation: string, output: unknown, requestId: string): XResponse {
  const schema = operationSchema(opts, operation);
  const traits = (schema[3] ?? {}) as { http?: [string, string, number?] };
  let status = traits.http?.[2] ?? 200;
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  const values = (output ?? {}) as Record<string, unknown>;
  const plan = outputPlan(schema);
  const document: Record<string, unknown> = {};
  let payload: Buffer | undefined;
  let payloadBound = false;
  for (const m of plan?.members() ?? []) {
    const v = Object.hasOwn(values, m.name) ? values[m.name] : undefined;
    if (m.traits['httpPayload']) {
      payloadBound = true;
      if (v !== undefined && v !== null) payload = Buffer.from(v as Uint8Array | string);
    } else if (m.traits['httpResponseCode']) {
      if (typeof v === 'number') status = v;
    } else if (typeof m.traits['httpHeader'] === 'string') {
      if (v !== undefined && v !== null) headers[m.traits['httpHeader'].toLowerCase()] = headerText(v);
    } else if (v !== undefined) document[m.name] = v;
  }
  if (payloadBound) {
    headers['content-type'] = 'application/json';
    return { status, headers, body: payload ?? Buffer.alloc(0) };
  }
  if (plan === undefined || status === 204) return { status, headers, body: '' };
  headers['content-type'] = 'application/json';
  return { status, headers, body: JSON.stringify(document, jsonReplacer) };
}

export function restJsonProtocol(opts: RestJsonOptions): Protocol {
  return {
    decode(req: XRequest, service: ServiceDefinition): DecodedRequest {
      const method = req.method.toUpperCase();
      const found = matchRestJson(opts.routes, method, req.path);
      // Checked before any member is read, so an operation the service lacks never runs as another one.
      if (!found || !Object.hasOwn(service.operations, found.route.operation)) throw opts.unknown(method, req.path);
      const schema = service.model?.inputOf(found.route.operation);
      if (schema === undefined) throw new Error(`a REST-JSON service needs the SDK's model: ${service.name} has none for ${found.route.operation}`);
      return { operation: found.route.operation, input: restJsonInput(schema as SchemaRef, req, found.labels) };
    },
    encode: (operation, output, ctx) => encodeOutput(opts, operation, output, ctx.requestId),
    encodeError(err: AwsError, ctx): XResponse {
      const type = err.status >= 500 ? 'Service' : 'User';
      return {
        status: err.status,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': ctx.requestId, 'x-amzn-errortype': err.code, ...err.headers },
        body: JSON.stringify({ Type: type, Message: err.message, ...err.fields }),
      };
    },
  };
}
