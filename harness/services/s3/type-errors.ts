/**
 * How S3 answers a header, query parameter or XML payload whose value does not fit the type the SDK's model declares
 * (the REST-XML protocol coerces every input by the model, harness/protocols/coerce-rest.ts).
 * - Integer query parameters (max-keys, max-uploads, max-parts, part-number-marker): InvalidArgument "Provided
 *   <name> not an integer or within integer range" with ArgumentName and ArgumentValue; partNumber: "Part number must
 *   be an integer between 1 and 10000, inclusive". Sources are cited in s3-limits.test.ts; the 32-bit range and
 *   the part number's range are checked by the handlers on the number (limits.ts, multipart.ts).
 * - An XML payload that does not parse or does not fit S3's schema: MalformedXML
 *   (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html: "not well-formed or did not validate
 *   against our published schema").
 * - Leniency kept from the emulator's earlier parsing, where no recorded AWS answer says otherwise: a boolean header
 *   or query parameter that is not `true`/`false` (fetch-owner, x-amz-server-side-encryption-bucket-key-enabled)
 *   reads as false; a header that is not the number or date its member is (Expires, If-Modified-Since,
 *   x-amz-object-lock-retain-until-date) is read as not sent, as HTTP ignores an invalid If-Modified-Since
 *   (https://www.rfc-editor.org/rfc/rfc9110#section-13.1.3) and the emulator models none of these.
 * Deviation: no other query type can mismatch in the operations implemented; one would be InvalidArgument naming it
 * (no recorded wording).
 */
import type { AwsError } from '../../core/errors.js';
import type { TypeProblem } from '../../protocols/coerce-problem.js';
import { InvalidArgument, MalformedXML } from './errors.js';

export function s3TypeError(p: TypeProblem): AwsError {
  const binding = p.binding;
  if (binding === undefined || binding.location === 'payload' || p.expected === 'payload') return MalformedXML();
  const value = String(p.value);
  if (binding.location === 'query' && p.expected === 'number') {
    if (binding.name === 'partNumber') return InvalidArgument('Part number must be an integer between 1 and 10000, inclusive', binding.name, value);
    return InvalidArgument(`Provided ${binding.name} not an integer or within integer range`, binding.name, value);
  }
  return InvalidArgument(`Invalid ${binding.name}`, binding.name, value);
}

export function s3Tolerate(p: TypeProblem): { value: unknown } | undefined {
  const location = p.binding?.location;
  if (p.expected === 'boolean' && (location === 'header' || location === 'query')) return { value: false };
  if (location === 'header') return { value: undefined };
  return undefined;
}
