/**
 * What an S3 handler receives for operation N: the SDK's `<N>CommandInput`, as the REST-XML protocol builds and
 * coerces it by the SDK's model (protocols/coerce-rest.ts: numbers, booleans, Dates, the Body as bytes, XML payloads
 * as the SDK's structures with lists always arrays) and as internal callers pass it. What it answers: the SDK's
 * `<N>CommandOutput`, which the protocol writes by the same model (protocols/rest-xml-output.ts) and internal callers
 * read as the SDK would have.
 * https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
 */
import type { Readable } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import type { SdkInput, SdkOutput } from '../sdk-model.js';
import type { Operation, Out } from '../types.js';
import type { S3OperationName } from './operation-names.js';

/** `<N>CommandInput`; for a union of operations, each one's (so `keyof` gives the members they share). */
export type S3Input<N extends S3OperationName> = N extends S3OperationName ? SdkInput<typeof S3, N> : never;

/**
 * `<N>CommandOutput` without the SDK's `$metadata`; a streamed `Body` is the bytes or stream the emulator holds (the
 * SDK's type is the client's own wrapper of the response stream, which a client builds, not a service).
 */
export type S3Output<N extends S3OperationName> = N extends S3OperationName ? ServedBody<Out<SdkOutput<typeof S3, N>>> : never;

type ServedBody<T> = 'Body' extends keyof T ? Omit<T, 'Body'> & { Body?: Buffer | Readable } : T;

/** The declaration of operation N; `R` is what its `resolve` hands the checks and the handler. */
export type S3Operation<N extends S3OperationName, R = undefined> = Operation<S3Input<N>, S3Output<N>, R>;
