/**
 * AWS JSON 1.1 protocol (KMS, CodePipeline): `X-Amz-Target: <Prefix>.<Operation>`, JSON body in and out.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 * Blobs travel as base64 strings (handlers decode them); timestamps are epoch seconds; errors carry `__type`.
 */
import { AwsError } from '../core/errors.js';
import type { XRequest, XResponse } from '../core/request.js';
import type { DecodedRequest, Protocol, ServiceDefinition } from '../services/types.js';

export interface JsonProtocolOptions {
  targetPrefix: string;
}

function replacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return raw.getTime() / 1000;
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data).toString('base64');
  }
  return value;
}

export function jsonProtocol(opts: JsonProtocolOptions): Protocol {
  const contentType = 'application/x-amz-json-1.1';
  return {
    decode(req: XRequest, service: ServiceDefinition): DecodedRequest {
      const target = req.headers['x-amz-target'] ?? '';
      const dot = target.lastIndexOf('.');
      const prefix = dot < 0 ? '' : target.slice(0, dot);
      const operation = dot < 0 ? target : target.slice(dot + 1);
      if (prefix !== opts.targetPrefix || !Object.hasOwn(service.operations, operation)) {
        throw new AwsError('UnknownOperationException', 400, '');
      }
      const text = req.body.toString('utf8').trim();
      let input: unknown = {};
      if (text.length > 0) {
        try {
          input = JSON.parse(text);
        } catch {
          throw new AwsError('SerializationException', 400, 'Start of structure or map found where not expected.');
        }
        if (input === null || typeof input !== 'object' || Array.isArray(input)) {
          throw new AwsError('SerializationException', 400, 'Start of structure or map found where not expected.');
        }
      }
      return { operation, input };
    },
    encode(_operation: string, output: unknown, ctx): XResponse {
      return {
        status: 200,
        headers: { 'content-type': contentType, 'x-amzn-requestid': ctx.requestId },
        body: JSON.stringify(output ?? {}, replacer),
      };
    },
    encodeError(err: AwsError, ctx): XResponse {
      const body: Record<string, string> = { __type: err.code, message: err.message, ...err.fields };
      return {
        status: err.status,
        headers: { 'content-type': contentType, 'x-amzn-requestid': ctx.requestId, 'x-amzn-errortype': err.code, ...err.headers },
        body: JSON.stringify(body),
      };
    },
  };
}
