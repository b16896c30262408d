/**
 * AWS query protocol (STS, IAM, CloudFormation): form-encoded `Action=…&Version=…` in, XML out.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 * Lists arrive as `Name.member.N`, maps as `Name.entry.N.key/value`; decoding is generic (no service model),
 * so every scalar is a string and handlers coerce numbers and booleans themselves.
 */
import { AwsError } from '../core/errors.js';
import { parseQuery, type XRequest, type XResponse } from '../core/request.js';
import type { DecodedRequest, Protocol, ServiceDefinition } from '../services/types.js';
import { toXml } from './xml.js';

export interface QueryProtocolOptions {
  xmlns: string;
  version: string;
}

type Tree = { [k: string]: Tree | string };

function setPath(tree: Tree, path: string[], value: string): void {
  let node = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    const next = node[seg];
    if (typeof next !== 'object') node[seg] = {};
    node = node[seg] as Tree;
  }
  node[path[path.length - 1]!] = value;
}

function listify(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'entry') && typeof node[keys[0]] === 'object') {
    const items = node[keys[0]] as Tree;
    const ordered = Object.keys(items)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => listify(items[k]!));
    if (keys[0] === 'entry') {
      const map: Record<string, unknown> = {};
      for (const e of ordered as Array<Record<string, unknown>>) {
        const key = (e['key'] ?? e['Key']) as string | undefined;
        if (key !== undefined) map[key] = e['value'] ?? e['Value'];
      }
      return map;
    }
    return ordered;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = listify(node[k]!);
  return out;
}

export function decodeQueryParams(pairs: Array<[string, string]>): Record<string, unknown> {
  const tree: Tree = {};
  for (const [k, v] of pairs) setPath(tree, k.split('.'), v);
  return listify(tree) as Record<string, unknown>;
}

export function queryProtocol(opts: QueryProtocolOptions): Protocol {
  return {
    decode(req: XRequest, service: ServiceDefinition): DecodedRequest {
      const contentType = req.headers['content-type'] ?? '';
      let pairs: Array<[string, string]>;
      if (req.method === 'POST') {
        if (req.body.length > 0 && !contentType.includes('x-www-form-urlencoded') && contentType !== '') {
          throw new AwsError('InvalidParameterValue', 400, `Unsupported content type: ${contentType}`);
        }
        pairs = [...parseQuery(req.rawQuery), ...parseQuery(req.body.toString('utf8'))];
      } else {
        pairs = parseQuery(req.rawQuery);
      }
      const params = decodeQueryParams(pairs.filter(([k]) => !k.startsWith('X-Amz-')));
      const action = params['Action'];
      if (typeof action !== 'string' || action === '') {
        throw new AwsError('MissingAction', 400, 'Missing Action');
      }
      if (!Object.hasOwn(service.operations, action)) {
        throw new AwsError('InvalidAction', 400, `Could not find operation ${action} for version ${opts.version}`);
      }
      delete params['Action'];
      delete params['Version'];
      return { operation: action, input: params };
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
