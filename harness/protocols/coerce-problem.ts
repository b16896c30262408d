/**
 * What a wire value that does not fit its member's type looks like to the protocol that words the error.
 * The coercion (coerce.ts) finds the mismatch; each protocol (or service, for REST-XML where S3 words its own
 * InvalidArgument) turns it into its AWS error, so the coercion itself names no service and no error code.
 */
import type { AwsError } from '../core/errors.js';

/** The type the member's schema declares. `payload` is an HTTP payload that could not be parsed at all. */
export type ExpectedType = 'string' | 'number' | 'boolean' | 'timestamp' | 'blob' | 'list' | 'map' | 'structure' | 'payload';

export interface TypeProblem {
  expected: ExpectedType;
  /** The value as it arrived (a string, a JSON value, a parsed XML node). */
  value: unknown;
  /** Member names from the input structure down, with 1-based list positions and map keys. */
  path: ReadonlyArray<string | number>;
  /** Where an HTTP-bound member came from (REST-XML): the header, query parameter or label name as sent. */
  binding?: Binding;
}

export interface Binding {
  location: 'header' | 'query' | 'label' | 'payload';
  name: string;
}

/** The HTTP bindings whose text is read as a scalar, each with its own default timestamp format. */
export type TextBinding = 'header' | 'query' | 'label';

export type TypeErrorFactory = (problem: TypeProblem) => AwsError;
