/**
 * How the query and JSON 1.1 protocols word a value of the wrong type (REST-XML services word their own: S3 answers
 * InvalidArgument naming the header or parameter, or MalformedXML).
 * - Query (Coral's query deserializer): a number or boolean that does not parse is 400 MalformedInput. Recorded:
 *   STS answered MalformedInput for a DurationSeconds it could not read
 *   (https://github.com/aws-azure-login/aws-azure-login/pull/30); the boolean wordings were probed against AWS by
 *   floci's SES tests. "Invalid Argument." is the closest message found for numbers (see test/bad-input.test.ts).
 *   A list or structure where a string belongs is answered with Coral's validation wording "Member must be a
 *   string", as the emulator already answers it (test/bad-input.test.ts); timestamps, blobs and containers of the
 *   wrong shape are MalformedInput "Invalid Argument." too, no recorded answer having been found.
 * - JSON 1.1 (Coral's JSON deserializer): 400 SerializationException worded by the JSON token found, as Athena and
 *   SQS answer it ("STRING_VALUE can not be converted to an Integer", "Start of structure or map found where not
 *   expected."); the wordings for other target types follow the same pattern and are not recorded.
 */
import { AwsError } from '../core/errors.js';
import type { ExpectedType, TypeProblem } from './coerce-problem.js';

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** A member's path as Coral's validation messages name it: `policyArns.1.member.arn`. */
export function validationPath(path: TypeProblem['path']): string {
  return path.map((s) => (typeof s === 'number' ? `${s}.member` : lowerFirst(s))).join('.');
}

/** Coral's "1 validation error detected: <Value … at '<member>'> failed to satisfy constraint: <constraint>". */
export function validationMessage(valuePart: string, constraint: string): string {
  return `1 validation error detected: ${valuePart} failed to satisfy constraint: ${constraint}`;
}

export function queryTypeError(p: TypeProblem): AwsError {
  if (p.expected === 'boolean') {
    return new AwsError('MalformedInput', 400, p.value === '' ? 'missing value for boolean type' : 'boolean must follow xsd1.1 definition');
  }
  if (p.expected === 'string' && typeof p.value === 'object' && p.value !== null) {
    const message = validationMessage(`Value '${JSON.stringify(p.value)}' at '${validationPath(p.path)}'`, 'Member must be a string');
    return new AwsError('ValidationError', 400, message);
  }
  return new AwsError('MalformedInput', 400, 'Invalid Argument.');
}

const JSON_TARGET: Record<ExpectedType, string> = {
  string: 'a String',
  number: 'an Integer',
  boolean: 'a Boolean',
  timestamp: 'a Timestamp',
  blob: 'a Blob',
  list: 'a List',
  map: 'a Map',
  structure: 'a Structure',
  payload: 'a Structure',
};

function jsonToken(v: unknown): string {
  if (v === null || v === undefined) return 'NULL_VALUE';
  if (typeof v === 'boolean') return v ? 'TRUE_VALUE' : 'FALSE_VALUE';
  if (typeof v === 'number') return 'NUMBER_VALUE';
  return 'STRING_VALUE';
}

export function jsonTypeError(p: TypeProblem): AwsError {
  const v = p.value;
  let message: string;
  if (Array.isArray(v) && p.expected !== 'list') message = 'Start of list found where not expected';
  else if (typeof v === 'object' && v !== null && !Array.isArray(v) && p.expected !== 'structure' && p.expected !== 'map') {
    message = 'Start of structure or map found where not expected.';
  } else message = `${jsonToken(v)} can not be converted to ${JSON_TARGET[p.expected]}`;
  return new AwsError('SerializationException', 400, message);
}
