/**
 * What an S3 handler receives for operation N: the SDK's `<N>CommandInput` as the REST-XML decoder delivers it
 * (protocols/rest-xml.ts, by the bindings of routes.ts) and as internal callers pass it.
 * S3 parses each member itself rather than having the protocol coerce it by the SDK model (protocols/coerce-rest.ts),
 * because S3 words the refusal of a bad value its own way per member (a junk boolean, MaxKeys out of range, a part
 * number): numbers, booleans, timestamps and enums arrive as the strings sent; a blob payload (Body) as the bytes; an
 * XML payload structure as its elements by XML name (`Rule`, `Grant`, `Object`, `Tag`), listed where the route's
 * `lists` says so.
 * https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
 */
import type * as S3 from '@aws-sdk/client-s3';
import type { SdkInput } from '../sdk-model.js';
import type { Operation } from '../types.js';
import type { S3OperationName } from './operation-names.js';

/** `<N>CommandInput`; for a union of operations, each one's (so `keyof` gives the members they share). */
type S3SdkInput<N extends S3OperationName> = N extends S3OperationName ? SdkInput<typeof S3, N> : never;

/** An XML element's children by name, as the decoder parsed them. */
export type XmlRecord = Record<string, unknown>;

type WireScalar<V> = V extends number | boolean | Date | string ? string : V;

/** Operation N's input on the wire; `Xml` names its XML payload member, if it has one. */
export type S3Input<N extends S3OperationName, Xml extends keyof S3SdkInput<N> = never> = {
  [K in Exclude<keyof S3SdkInput<N>, Xml>]?: K extends 'Body' ? Buffer : WireScalar<NonNullable<S3SdkInput<N>[K]>>;
} & { [K in Xml]?: XmlRecord };

/** The declaration of operation N; `R` is what its `resolve` hands the checks and the handler. */
export type S3Operation<N extends S3OperationName, R = undefined, Xml extends keyof S3SdkInput<N> = never> = Operation<S3Input<N, Xml>, unknown, R>;
