/**
 * AWS JSON 1.1 protocol (KMS, CodePipeline): `X-Amz-Target: <Prefix>.<Operation>`, JSON body in and out.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 * Blobs travel as base64 strings (handlers decode them); timestamps are epoch seconds; errors carry `__type`.
 * A body that is not one JSON object, or that names a member or map key `__proto__`, `constructor` or
 * `prototype` at any depth, is refused with SerializationException (400). Deviation: AWS ignores unknown
 * members and accepts any map key (an EncryptionContext key `constructor` included); these names are refused so
 * a decoded body can never carry them into code that copies it. No recorded AWS answer exists for them, so the
 * message is the one recorded for a body of the wrong shape (see test/bad-input.test.ts).
 */
import { AwsError } from '../core/errors.js';
import type { XRequest, XResponse } from '../core/request.js';
import type { DecodedRequest, Protocol, ServiceDefinition } from '../core/service.js';
import { coerceInput } from './coerce.js';
import { jsonTypeError } from './coerce-errors.js';
import { isReservedName } from './member-names.js';

export interface JsonProtocolOptions {
  targetPrefix: string;
}

/** JSON.stringify's replacer for AWS JSON documents: timestamps as epoch seconds, blobs as base64. */
export function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return raw.getTime() / 1000;
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data).toString('base64');
  }
  return value;
}

function serializationException(): AwsError {
  return new AwsError('SerializationException', 400, 'Start of structure or map found where not expected.');
}

/** Refuses reserved names while JSON.parse builds the value; a nesting too deep for the reviver is refused too. */
function refuseReserved(key: string, value: unknown): unknown {
  if (isReservedName(key)) throw serializationException();
  return value;
}

export function decodeJsonBody(body: string): Record<string, unknown> {
  const text = body.trim();
  if (text.length === 0) return {};
  let input: unknown;
  try {
    input = JSON.parse(text, refuseReserved);
  } catch {
    throw serializationException();
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw serializationException();
  return input as Record<string, unknown>;
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
      const input = decodeJsonBody(req.body.toString('utf8'));
      const schema = service.model?.inputOf(operation);
      return { operation, input: schema === undefined ? input : coerceInput(schema, input, { wire: 'json', typeError: jsonTypeError }) };
    },
    encode(_operation: string, output: unknown, ctx): XResponse {
      return {
        status: 200,
        headers: { 'content-type': contentType, 'x-amzn-requestid': ctx.requestId },
        body: JSON.stringify(output ?? {}, jsonReplacer),
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
