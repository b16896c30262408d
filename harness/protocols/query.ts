/**
 * AWS query protocol (STS, IAM, CloudFormation): form-encoded `Action=…&Version=…` in, XML out.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 * Lists arrive as `Name.member.N`, maps as `Name.entry.N.key/value`; decoding is generic (no service model),
 * so every scalar is a string and handlers coerce numbers and booleans themselves.
 * Parameter names `__proto__`, `constructor`, `prototype` (as any dot-separated segment) and names nested deeper
 * than MAX_PARAMETER_DEPTH are refused with InvalidQueryParameter (400). Deviation: AWS ignores parameters its
 * model does not know; these are refused so no request can reach a prototype or make decoding unbounded.
 */
import { AwsError } from '../core/errors.js';
import { parseQuery, type XRequest, type XResponse } from '../core/request.js';
import type { DecodedRequest, Protocol, ServiceDefinition } from '../core/service.js';
import { isReservedName } from './member-names.js';
import { coerceInput } from './coerce.js';
import { queryTypeError } from './coerce-errors.js';
import { toXml } from './xml.js';

export interface QueryProtocolOptions {
  xmlns: string;
  version: string;
}

/**
 * No query-protocol member of the services xacct speaks nests deeper than a map inside a list inside a structure
 * (`ResourcesToImport.member.1.ResourceIdentifier.entry.1.value`, 7 segments); a name past this depth is
 * refused rather than decoded, so decoding stays bounded whatever the request.
 */
export const MAX_PARAMETER_DEPTH = 32;

/**
 * AWS's documented common error for a query string that "is malformed or does not adhere to AWS standards"
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html); the message is that documented text,
 * as no recorded response for these inputs was found.
 */
export function invalidQueryParameter(): AwsError {
  return new AwsError('InvalidQueryParameter', 400, 'The AWS query string is malformed or does not adhere to AWS standards.');
}

/** Decoded parameters before lists and maps are recognised; Maps, so no parameter name can reach a prototype. */
type Tree = Map<string, Tree | string>;

function setPath(tree: Tree, name: string, value: string): void {
  const path = name.split('.');
  if (path.length > MAX_PARAMETER_DEPTH || path.some(isReservedName)) throw invalidQueryParameter();
  let node = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    let next = node.get(seg);
    if (typeof next !== 'object') {
      next = new Map();
      node.set(seg, next);
    }
    node = next;
  }
  node.set(path[path.length - 1]!, value);
}

function listItems(items: Tree): unknown[] {
  return [...items.keys()]
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => listify(items.get(k)!));
}

/**
 * Structures come out as ordinary objects (handlers stringify and spread them) whose names passed the reserved-name
 * check; maps, keyed by whatever the caller sent, come out without a prototype.
 */
function listify(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  if (node.size === 1) {
    const [kind, items] = node.entries().next().value as [string, Tree | string];
    if ((kind === 'member' || kind === 'entry') && typeof items === 'object') {
      const ordered = listItems(items);
      if (kind === 'member') return ordered;
      const map = Object.create(null) as Record<string, unknown>;
      for (const e of ordered) {
        if (typeof e !== 'object' || e === null || Array.isArray(e)) continue;
        const entry = e as Record<string, unknown>;
        const key = entry['key'] ?? entry['Key'];
        if (typeof key === 'string') map[key] = entry['value'] ?? entry['Value'];
      }
      return map;
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of node) out[k] = listify(v);
  return out;
}

export function decodeQueryParams(pairs: Array<[string, string]>): Record<string, unknown> {
  const tree: Tree = new Map();
  for (const [k, v] of pairs) setPath(tree, k, v);
  return listify(tree) as Record<string, unknown>;
}

/** The request's parameters: the query string's, and a POST's form body's. */
function requestPairs(req: XRequest): Array<[string, string]> {
  if (req.method !== 'POST') return parseQuery(req.rawQuery);
  const contentType = req.headers['content-type'] ?? '';
  if (req.body.length > 0 && !contentType.includes('x-www-form-urlencoded') && contentType !== '') {
    throw new AwsError('InvalidParameterValue', 400, `Unsupported content type: ${contentType}`);
  }
  return [...parseQuery(req.rawQuery), ...parseQuery(req.body.toString('utf8'))];
}

/**
 * STS, IAM and CloudFormation's common InvalidAction (400, "The action or operation requested is invalid",
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html), worded as test/bad-input.test.ts records it.
 */
function invalidAction(action: string, version: string): AwsError {
  return new AwsError('InvalidAction', 400, `Could not find operation ${action} for version ${version}`);
}

export function queryProtocol(opts: QueryProtocolOptions): Protocol {
  return {
    decode(req: XRequest, service: ServiceDefinition): DecodedRequest {
      const params = decodeQueryParams(requestPairs(req).filter(([k]) => !k.startsWith('X-Amz-')));
      const action = params['Action'];
      if (typeof action !== 'string' || action === '') {
        throw new AwsError('MissingAction', 400, 'Missing Action');
      }
      if (!Object.hasOwn(service.operations, action)) throw invalidAction(action, opts.version);
      delete params['Action'];
      delete params['Version'];
      const schema = service.model?.inputOf(action);
      return { operation: action, input: schema === undefined ? params : coerceInput(schema, params, { wire: 'query', typeError: queryTypeError }) };
    },
    /**
     * An unsigned request naming an action the service lacks gets InvalidAction, as a signed one does: AWS calls
     * some query operations unsigned (STS's AssumeRoleWithWebIdentity and AssumeRoleWithSAML), so the action is
     * known before credentials are asked for. No recorded AWS answer to an unsigned request for an unknown action was
     * found; this is the documented answer for an unknown action (CommonErrors above). Only the action is read: a
     * known action, a missing one or parameters that do not decode leave the refusal to authentication.
     */
    refuseUnknown(req: XRequest, service: ServiceDefinition): void {
      let action: string | undefined;
      try {
        // The last value, as decode reads it.
        for (const [k, v] of requestPairs(req)) if (k === 'Action') action = v;
      } catch {
        return;
      }
      if (action !== undefined && action !== '' && !Object.hasOwn(service.operations, action)) throw invalidAction(action, opts.version);
    },
    encode(operation: string, output: unknown, ctx): XResponse {
      const body: Record<string, unknown> = {};
      // AWS sends the result wrapper even when it has no members (ExecuteChangeSet), and botocore requires it.
      if (output !== undefined && output !== null) body[`${operation}Result`] = Object.keys(output as object).length > 0 ? output : '';
      body['ResponseMetadata'] = { RequestId: ctx.requestId };
      return {
        status: 200,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': ctx.requestId },
        body: toXml(`${operation}Response`, body, { xmlns: opts.xmlns }),
      };
    },
    encodeError(err: AwsError, ctx): XResponse {
      const error: Record<string, unknown> = { Type: err.type, Code: err.code, Message: err.message, ...err.fields };
      return {
        status: err.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': ctx.requestId, ...err.headers },
        body: toXml('ErrorResponse', { Error: error, RequestId: ctx.requestId }, { xmlns: opts.xmlns }),
      };
    },
  };
}
