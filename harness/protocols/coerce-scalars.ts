/**
 * Scalars as each AWS protocol carries them, read into the types the SDK's `XCommandInput` declares.
 * - Text (query strings, REST-XML headers, query parameters, labels and XML text): integers are decimal digits only
 *   ("1e3", "1.5", " 5", "0x10" are refused as Coral's query deserializer refuses them); the query protocol takes
 *   32-bit integers, REST-XML any safe integer (S3's Content-Length is a long). Query booleans follow xsd:boolean
 *   (true/false/1/0), REST-XML booleans are `true`/`false`
 *   (https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html#serialization-behavior).
 * - JSON 1.1: JSON numbers and booleans as they are; blobs are base64 text; timestamps default to epoch seconds
 *   (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html#shape-serialization).
 * Timestamps follow the member's timestampFormat trait, else the binding's default (http-date in headers,
 * date-time in query parameters and labels) or the protocol's (date-time for query and XML, epoch seconds for JSON),
 * parsed by the SDK's own strict parsers (https://smithy.io/2.0/spec/protocol-traits.html#timestampformat-trait).
 * Known deviations: the SDK schemas do not tell an integer from a long or a float, so every number read from text
 * is a decimal integer (none of the services emulated takes a float input) and a query-protocol long above 2^31
 * (CloudFormation's MajorVersion) is refused.
 */
import { fromBase64, parseEpochTimestamp, parseRfc3339DateTimeWithOffset, parseRfc7231DateTime } from '@smithy/core/serde';
import type { ExpectedType, TextBinding } from './coerce-problem.js';
import { DATE_TIME, EPOCH_SECONDS, HTTP_DATE, type ScalarPlan, type TimestampFormat } from './coerce-plan.js';

export type Wire = 'query' | 'json' | 'xml';

/** A value that does not fit; the walker adds where it was and the protocol words it. */
export class Mismatch {
  readonly path: Array<string | number> = [];
  constructor(
    readonly expected: ExpectedType,
    readonly value: unknown,
  ) {}
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const QUERY_INTEGER = /^-?\d{1,10}$/;
const XML_INTEGER = /^-?\d{1,16}$/;

/** Marks a value that stands for "absent" (an empty query or header value for a number, boolean or timestamp). */
export const ABSENT = Symbol('absent');

function textNumber(wire: Wire, text: string): number {
  const pattern = wire === 'query' ? QUERY_INTEGER : XML_INTEGER;
  const n = pattern.test(text) ? Number(text) : NaN;
  const fits = wire === 'query' ? n >= INT32_MIN && n <= INT32_MAX : Number.isSafeInteger(n);
  if (!fits) throw new Mismatch('number', text);
  return n;
}

function textBoolean(wire: Wire, text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (wire === 'query' && text === '1') return true;
  if (wire === 'query' && text === '0') return false;
  throw new Mismatch('boolean', text);
}

/** A timestamp's format once the trait, the HTTP binding and the protocol have had their say. */
export function timestampFormatFor(format: TimestampFormat, wire: Wire, binding?: TextBinding): Exclude<TimestampFormat, 4> {
  if (format !== 4) return format;
  if (binding === 'header') return HTTP_DATE;
  if (binding !== undefined) return DATE_TIME;
  return wire === 'json' ? EPOCH_SECONDS : DATE_TIME;
}

function timestamp(value: string | number, format: Exclude<TimestampFormat, 4>): Date {
  let date: Date | undefined;
  try {
    if (format === EPOCH_SECONDS) date = parseEpochTimestamp(typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value) ? NaN : value);
    else if (typeof value === 'string') date = format === HTTP_DATE ? parseRfc7231DateTime(value) : parseRfc3339DateTimeWithOffset(value);
  } catch {
    date = undefined;
  }
  if (date === undefined || Number.isNaN(date.getTime())) throw new Mismatch('timestamp', value);
  return date;
}

function blob(value: string): Buffer {
  try {
    const bytes = fromBase64(value);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch {
    throw new Mismatch('blob', value);
  }
}

/** A scalar read from text (query, REST-XML); `ABSENT` for an empty value that AWS reads as not sent. */
function fromText(plan: ScalarPlan, wire: Wire, text: string, binding?: TextBinding): unknown {
  switch (plan.kind) {
    case 'string':
    case 'document':
      return text;
    case 'number':
      return text === '' ? ABSENT : textNumber(wire, text);
    case 'boolean':
      // The query protocol's "missing value for boolean type" is an answer of its own, so '' stays a mismatch there.
      return text === '' && wire !== 'query' ? ABSENT : textBoolean(wire, text);
    case 'timestamp':
      return text === '' ? ABSENT : timestamp(text, timestampFormatFor(plan.format, wire, binding));
    case 'blob':
      return blob(text);
  }
}

function fromJson(plan: ScalarPlan, value: unknown): unknown {
  switch (plan.kind) {
    case 'document':
      return value;
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      break;
    case 'timestamp':
      if (typeof value === 'number' || typeof value === 'string') return timestamp(value, timestampFormatFor(plan.format, 'json'));
      break;
    case 'blob':
      if (typeof value === 'string') return blob(value);
      break;
  }
  throw new Mismatch(plan.kind, value);
}

export function readScalar(plan: ScalarPlan, wire: Wire, value: unknown, binding?: TextBinding): unknown {
  if (wire === 'json') return fromJson(plan, value);
  if (typeof value === 'string') return fromText(plan, wire, value, binding);
  throw new Mismatch(plan.kind === 'document' ? 'string' : plan.kind, value);
}
