/**
 * What an S3 handler receives for operation N: the SDK's `<N>CommandInput`, as the REST-XML protocol builds and
 * coerces it by the SDK's model (protocols/coerce-rest.ts: numbers, booleans, Dates, the Body as bytes, XML payloads
 * as the SDK's structures with lists always arrays) and as internal callers pass it.
 * https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
 */
import type * as S3 from '@aws-sdk/client-s3';
import type { SdkInput } from '../sdk-model.js';
import type { Operation } from '../types.js';
import type { S3OperationName } from './operation-names.js';

/** `<N>CommandInput`; for a union of operations, each one's (so `keyof` gives the members they share). */
export type S3Input<N extends S3OperationName> = N extends S3OperationName ? SdkInput<typeof S3, N> : never;

/** The declaration of operation N; `R` is what its `resolve` hands the checks and the handler. */
export type S3Operation<N extends S3OperationName, R = undefined> = Operation<S3Input<N>, unknown, R>;
