/**
 * The limits and enumerations S3 checks in a request before it acts on it, refused with S3's words.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html (keys: at most 1,024 bytes of UTF-8)
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html (user metadata: at most 2 KB, "the sum
 * of the number of bytes in the UTF-8 encoding of each key and value", the x-amz-meta- prefix not counted)
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (KeyTooLongError, MetadataTooLarge,
 * InvalidStorageClass, InvalidArgument)
 * - Integer query parameters (max-keys, max-uploads, max-parts, part-number-marker, partNumber) are decimal
 *   digits that fit a 32-bit signed integer, as S3 parses them: "1e20", " 5", "+5" (refused by the decoder,
 *   type-errors.ts) and "2147483648" are "Provided <name> not an integer or within integer range"; an empty value is
 *   the default. Deviation: an out-of-range value with leading zeros is named without them in ArgumentValue.
 * - Recorded wordings are cited in s3-limits.test.ts.
 * Deviations: the checksum algorithms accepted are the five this emulator computes (S3's recorded list of
 * 2025); objects keep no storage class (every valid class is accepted and stored as STANDARD).
 */
import type { EncodingType } from '@aws-sdk/client-s3';
import type { AwsError } from '../../core/errors.js';
import { CANNED_ACLS } from './acl.js';
import { InvalidArgument, InvalidRequest, InvalidStorageClass, KeyTooLongError, MetadataTooLarge } from './errors.js';

const MAX_KEY_BYTES = 1024;
const MAX_METADATA_BYTES = 2048;
const INT32_MAX = 2147483647;

/** The storage classes a general purpose bucket takes (the SDK's StorageClass enum less OUTPOSTS, SNOW, EXPRESS_ONEZONE, FSX_OPENZFS). */
const STORAGE_CLASSES = ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR'];
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
const METADATA_DIRECTIVES = ['COPY', 'REPLACE'];

export function requireKeyLength(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > MAX_KEY_BYTES) throw KeyTooLongError(size, MAX_KEY_BYTES);
}

export function requireMetadataSize(metadata: Record<string, string> | undefined): void {
  let size = 0;
  for (const [name, value] of Object.entries(metadata ?? {})) size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
  if (size > MAX_METADATA_BYTES) throw MetadataTooLarge(size, MAX_METADATA_BYTES);
}

export function unsupportedChecksumAlgorithm(): AwsError {
  return InvalidRequest(`Checksum algorithm provided is unsupported. Please try again with any of the valid types: [${CHECKSUM_ALGORITHMS.join(', ')}]`);
}

/** The checksum algorithm a request names, upper-cased as S3 reads it; undefined when it names none. */
export function checksumAlgorithm(raw: string | undefined): (typeof CHECKSUM_ALGORITHMS)[number] | undefined {
  if (raw === undefined) return undefined;
  const algorithm = CHECKSUM_ALGORITHMS.find((a) => a === raw.toUpperCase());
  if (!algorithm) throw unsupportedChecksumAlgorithm();
  return algorithm;
}

/** The members of an object write (PutObject, CopyObject, CreateMultipartUpload) whose values S3 enumerates. */
export interface WriteMembers {
  Key?: string;
  Metadata?: Record<string, string>;
  StorageClass?: string;
  /** x-amz-sdk-checksum-algorithm on PutObject, x-amz-checksum-algorithm on the others. */
  ChecksumAlgorithm?: string;
  ACL?: string;
  MetadataDirective?: string;
}

/** The enumerations and sizes every object write validates, before anything else is read. */
export function requireWriteMembers(input: WriteMembers): void {
  requireKeyLength(input.Key ?? '');
  requireMetadataSize(input.Metadata);
  const storageClass = input.StorageClass;
  if (storageClass !== undefined && !STORAGE_CLASSES.includes(storageClass)) throw InvalidStorageClass(storageClass);
  checksumAlgorithm(input.ChecksumAlgorithm);
  const acl = input.ACL;
  // S3 names the header and the value but sends an empty Message for an unknown canned ACL.
  if (acl !== undefined && !(CANNED_ACLS as readonly string[]).includes(acl)) throw InvalidArgument('', 'x-amz-acl', acl);
  const directive = input.MetadataDirective;
  if (directive !== undefined && !METADATA_DIRECTIVES.includes(directive)) throw InvalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
}

/**
 * A 32-bit integer query parameter as S3 reads it; `fallback` when absent (an empty value is absent). The decoder
 * refuses what is not an integer in these words (type-errors.ts); the range is judged here.
 */
export function int32Param(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value > INT32_MAX || value < -INT32_MAX - 1) throw InvalidArgument(`Provided ${name} not an integer or within integer range`, name, String(value));
  return value;
}

/**
 * A 32-bit integer parameter the SDK's model types as a string (part-number-marker), parsed as S3 parses the
 * integer ones: leading zeros are allowed ("05" is 5).
 */
export function int32Text(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const m = /^(-?)0*(\d{1,10})$/.exec(value);
  const n = m ? Number(m[2]) * (m[1] ? -1 : 1) : NaN;
  if (!m || n > INT32_MAX || n < -INT32_MAX - 1) throw InvalidArgument(`Provided ${name} not an integer or within integer range`, name, value);
  return n;
}

/** S3 refuses a negative page size naming the member (maxKeys) or the parameter (max-uploads), with the value parsed. */
export function requireNonNegative(value: number, argumentName: string): number {
  if (value < 0) throw InvalidArgument(`Argument ${argumentName} must be an integer between 0 and ${INT32_MAX}`, argumentName, String(value));
  return value;
}

/** EncodingType takes only "url", compared without case; the answer echoes it as sent. */
export function encodingType(raw: string | undefined): EncodingType | undefined {
  if (raw === undefined) return undefined;
  if (raw.toLowerCase() !== 'url') throw InvalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', raw);
  return raw as EncodingType;
}
