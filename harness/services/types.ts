/**
 * What a service is to the request path: a protocol, a table of operations, and how it words a denial.
 * One entry per operation declares the IAM authorization it needs (action, resource, context, resource policy)
 * and the handler; the request path evaluates the authorization before the handler runs.
 */
import type { AuthorizationRequest, ContextValue, Decision, NamedPolicy, ResourcePolicyKind } from '../iam/types.js';
import type { AwsError } from '../core/errors.js';
import type { XRequest, XResponse } from '../core/request.js';
import type { Principal } from '../world/principal.js';
import type { World } from '../world/world.js';

/** Input/Output types come from the SDK (`XCommandInput`, `XCommandOutput`); `$metadata` is the transport's. */
export type Out<T> = Omit<T, '$metadata'>;

/** One authorization the operation needs before its handler runs. */
export interface AuthCheck {
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: Record<string, ContextValue>;
  resourcePolicy?: NamedPolicy & { kind: ResourcePolicyKind };
}

export interface CallerVia {
  /** aws:CalledVia entry, e.g. s3.amazonaws.com. */
  calledVia: string;
  /** kms:ViaService value, e.g. s3.us-east-1.amazonaws.com. */
  viaService: string;
}

export interface InvokeOptions {
  /** Act as this principal instead of the caller (a service acting as a role session). */
  as?: Principal;
  /** The calling service, when a service acts for the caller (S3 -> KMS). */
  via?: CallerVia;
  region?: string;
}

export interface OperationContext {
  readonly world: World;
  readonly principal: Principal;
  readonly region: string;
  readonly requestId: string;
  readonly secureTransport: boolean;
  readonly sourceIp: string;
  /** The raw request (REST protocols read headers and body from it). Internal calls get a synthetic one. */
  readonly request: XRequest;
  readonly via?: CallerVia;
  /** The endpoint the caller used, for URLs in responses. */
  readonly endpoint: string;
  /** The emulator's clock (tests move it to exercise expiry). */
  now(): Date;
  /** Evaluates one more authorization (e.g. iam:PassRole) and throws the service's denial if it is refused. */
  authorize(check: AuthCheck): void;
  /** Decides without throwing. */
  decide(check: AuthCheck): { request: AuthorizationRequest; decision: Decision };
  /** Records a refusal the operation decided itself (after `decide`), so reports can explain it by request id. */
  noteDenial(request: AuthorizationRequest, decision: Decision): void;
  /** Calls another operation through the same authorize -> handler path. Errors come back as thrown AwsError. */
  invoke<O = unknown>(service: string, operation: string, input: unknown, opts?: InvokeOptions): Promise<O>;
}

export interface Operation<I = any, O = any> {
  /** Authorizations required before the handler runs; none for operations AWS does not authorize. */
  authorize?: (ctx: OperationContext, input: I) => AuthCheck | AuthCheck[] | undefined;
  /**
   * `authorize` reads nothing the body carries (an upload's bytes): an anonymous request is then authorized from its
   * head, and refused before the body is read.
   */
  authorizesBeforeBody?: boolean;
  handler: (ctx: OperationContext, input: I) => O | Promise<O>;
}

export interface DecodedRequest {
  operation: string;
  input: unknown;
}

export interface Protocol {
  decode(req: XRequest, service: ServiceDefinition): DecodedRequest;
  encode(operation: string, output: unknown, ctx: { requestId: string; request: XRequest }): XResponse;
  encodeError(err: AwsError, ctx: { requestId: string; operation?: string; request: XRequest }): XResponse;
  /**
   * For protocols whose handlers read the wire (REST-XML headers): the request a service-to-service call with this
   * input would have sent, so an internal call behaves as the same call over the wire.
   */
  internalRequest?(operation: string, input: unknown, base: XRequest): XRequest;
}

export interface ServiceDefinition {
  /** SigV4 signing name. */
  name: string;
  protocol: Protocol;
  operations: Record<string, Operation>;
  /** Turns a refused authorization into the service's AccessDenied error. */
  denial(request: AuthorizationRequest, decision: Decision, ctx: OperationContext): AwsError;
  /** Whether unsigned (anonymous) requests reach authorization rather than failing authentication. */
  allowsAnonymous?: boolean;
  /** JSON protocol services: the X-Amz-Target prefix, used to word errors for unsigned requests. */
  targetPrefix?: string;
}
