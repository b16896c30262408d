/**
 * What a service is to the request path: a protocol, a table of operations, how it words a denial, and the quirks of
 * its authentication (error family, signing, body limits). One entry per operation declares the IAM authorization it
 * needs (action, resource, context, resource policy) and the handler; the request path evaluates the authorization
 * before the handler runs. Core names no service: whatever differs between services is declared here by the service
 * (and the catalog, below, is what the emulator is given to find them).
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import type { AuthorizationRequest, ContextValue, Decision, NamedPolicy, ResourcePolicyKind } from '../iam/types.js';
import type { AuthFailure } from './auth-errors.js';
import type { AwsError } from './errors.js';
import type { XRequest, XResponse } from './request.js';
import type { SigningQuirks } from './sigv4.js';
import type { Principal } from '../world/principal.js';
import type { World } from '../world/world.js';

export type { AuthFailure } from './auth-errors.js';
export type { SigningQuirks } from './sigv4.js';

/** Input/Output types come from the SDK (`XCommandInput`, `XCommandOutput`); `$metadata` is the transport's. */
export type Out<T> = Omit<T, '$metadata'>;

/** How something AWS lets stand in for a policy Allow judged the request. */
export type StandIn = { allows: true } | { allows: false; why: string; fix?: string };

/** A refusal by a check AWS makes beside the policies: the error the service answers, and why, for the reports. */
export interface Refusal {
  error: AwsError;
  explanation: string;
  fix: string;
}

/** One authorization the operation needs before its handler runs. */
export interface AuthCheck {
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: Record<string, ContextValue>;
  resourcePolicy?: NamedPolicy & { kind: ResourcePolicyKind };
  /**
   * What AWS lets stand in for a policy Allow where the policies leave the request undecided (an implicit deny,
   * never an explicit one), such as a KMS grant. When it does not allow, its `why` and `fix` join the denial's.
   */
  standIn?: () => StandIn;
  /**
   * A check AWS makes beside the policies once they allow, such as S3's object ownership and ACLs: a refusal, or
   * undefined. Its refusal is recorded and explained like any denial.
   */
  beside?: () => Refusal | undefined;
  /**
   * The check covers one item of a batch (a key of S3's DeleteObjects), which AWS refuses on its own while the rest
   * of the request goes on: its refusal is recorded like any other and handed to the handler in `ctx.refused`,
   * keyed by this value, instead of refusing the request.
   */
  item?: string;
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
  /**
   * The id a denial of this call is recorded under (`Emulator.explain`): work done outside any request (an event's
   * delivery) names its own, to point its log at the denial. Calls made inside a request keep the request's id.
   */
  traceId?: string;
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
  /** The items of a batch whose declared check (`AuthCheck.item`) was refused, with the error AWS reports for each. */
  readonly refused: ReadonlyMap<string, AwsError>;
  /**
   * The engine's verdict on a check, without refusing anything or recording it: for a trial evaluation such as
   * KMS's key-policy lockout check. Authorization itself is declared by the operation, never made here.
   */
  decide(check: AuthCheck): { request: AuthorizationRequest; decision: Decision };
  /** Calls another operation through the same authorize -> handler path. Errors come back as thrown AwsError. */
  invoke<O = unknown>(service: string, operation: string, input: unknown, opts?: InvokeOptions): Promise<O>;
  /**
   * Hands an event about the service's own resources to the catalog's event consumer (EventBridge), which delivers
   * it after the operation has answered, as AWS does: the caller is not authorized for it and never sees its fate.
   */
  emit(event: ServiceEvent): void;
}

/**
 * An event a service emits about its own resources (CodeCommit's "CodeCommit Repository State Change"), which AWS
 * puts on the account's default event bus itself.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
 */
export interface ServiceEvent {
  /** `aws.<service>`, the event's `source`. */
  source: string;
  /** The event's `detail-type`. */
  detailType: string;
  account: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  /** The bus it is put on, by name in `account` or by ARN; the account's default bus when absent. */
  eventBusName?: string;
  /** The event's id and time when the emitter chose them (EventBridge's PutEvents answers the id); else the consumer's. */
  id?: string;
  time?: Date;
}

/** What a service gets to act outside any request: to deliver an event, or to go on with work it started. */
export interface ServiceRuntime {
  readonly world: World;
  readonly region: string;
  now(): Date;
  /** Calls an operation as `opts.as` through the authorize -> handler path; its denials are recorded and explained. */
  invoke<O = unknown>(service: string, operation: string, input: unknown, opts: InvokeOptions & { as: Principal }): Promise<O>;
}

export interface Operation<I = never, O = unknown, R = undefined> {
  /**
   * Authorizations of the call itself that AWS makes before it reads anything the call names: CloudFormation
   * authorizes cloudformation:CreateStack before it reads the template, and iam:PassRole only once the template
   * validates. Evaluated before `resolve`; `authorize`'s checks follow it.
   */
  authorizeCall?: (ctx: OperationContext, input: I) => AuthCheck | AuthCheck[] | undefined;
  /**
   * What both the authorization and the handler need, read and looked up once (the key a KMS call names, the bucket
   * and the object version an S3 call names, the template a CloudFormation call deploys). Its errors (a key or
   * bucket that does not exist, a template that does not validate) come before the authorization, as AWS's do. It
   * may be asynchronous (a template read from S3).
   */
  resolve?: (ctx: OperationContext, input: I) => R | Promise<R>;
  /** Authorizations required before the handler runs; none for operations AWS does not authorize. */
  authorize?: (ctx: OperationContext, input: I, resolved: R) => AuthCheck | AuthCheck[] | undefined;
  /**
   * `authorize` reads nothing the body carries (an upload's bytes): an anonymous request is then authorized from its
   * head, and refused before the body is read.
   */
  authorizesBeforeBody?: boolean;
  handler: (ctx: OperationContext, input: I, resolved: R) => O | Promise<O>;
}

/**
 * The SDK's model of a service's operations, so the protocol coerces wire values into the SDK's input types before
 * any handler sees them: the input schema of an operation, as the service's `@aws-sdk/client-*` package exports it.
 */
export interface ServiceModel {
  inputOf(operation: string): SdkSchemaRef | undefined;
}

/** A schema as the SDK clients export it (what @smithy/core's NormalizedSchema reads). */
export type SdkSchemaRef = Parameters<typeof NormalizedSchema.of>[0];

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
  /**
   * For protocols whose services have operations called unsigned (STS's AssumeRoleWithWebIdentity): throws the
   * protocol's answer for an operation the service does not have, so an unsigned request for one is refused as
   * unknown rather than as unsigned; returns for anything else. Reads the body, so such a request is refused once
   * its (size-limited) body has arrived.
   */
  refuseUnknown?(req: XRequest, service: ServiceDefinition): void;
}

/**
 * How a service refuses a request before any policy is evaluated: its authentication failures, and the bodies it
 * will not hold. core/auth-errors.ts has the query and JSON protocol families ready-made.
 */
export interface RequestErrors {
  auth(failure: AuthFailure): AwsError;
  /** The server holds as many body bytes as it allows: the service's throttling answer (SDKs retry it). */
  throttled(): AwsError;
  /** A body larger than `allowed` bytes. */
  tooLarge(proposed: number, allowed: number): AwsError;
}

export interface ServiceDefinition {
  /** SigV4 signing name. */
  name: string;
  protocol: Protocol;
  /**
   * The operations by name. Each entry keeps its own input type (`never` here accepts any of them); what it resolves
   * is its own business, handed from its `resolve` to its checks and handler.
   */
  operations: Record<string, Operation<never, unknown, any>>;
  /** The SDK's model of the operations; without it handlers get the decoded wire values as they are. */
  model?: ServiceModel;
  /** Turns a refused authorization into the service's AccessDenied error, worded as the service words it. */
  denial(request: AuthorizationRequest, decision: Decision): AwsError;
  /** The service's authentication and body-refusal errors. */
  errors: RequestErrors;
  /** What the service's SigV4 does differently (S3: the raw path, a declared payload hash, presigned expiry). */
  signing?: SigningQuirks;
  /** The largest request body accepted (default: 1 MiB). */
  maxBodyBytes?: number;
  /** Whether unsigned (anonymous) requests reach authorization rather than failing authentication. */
  allowsAnonymous?: boolean;
  /** JSON protocol services: the X-Amz-Target prefix, used to word errors for unsigned requests. */
  targetPrefix?: string;
  /** The catalog's event consumer (`ServiceCatalog.events`): delivers what services emit. */
  onServiceEvent?(rt: ServiceRuntime, event: ServiceEvent): Promise<void>;
  /**
   * Records the service keeps that AWS shows only elsewhere (a console page, a CloudWatch metric), by name: xacct's
   * admin endpoint answers them as GET /_xacct/views/<service>/<name>, so a runner reaches them through a server.
   */
  adminViews?: Record<string, AdminView>;
}

/** One list of records a service shows through the admin endpoint (`ServiceDefinition.adminViews`). */
export interface AdminView {
  /** What the list holds, in one line (the endpoint names it when asked for a view that does not exist). */
  describe: string;
  /**
   * The records, oldest first, that `viewer` may see: every one to the admin token holder (no account), those that
   * concern its own account to an account's principal.
   */
  read(world: World, viewer: { account?: string }): unknown[];
}

/** The identity policies and permissions boundary that apply to a principal; undefined when it no longer exists. */
export interface PrincipalPolicies {
  identity: NamedPolicy[];
  boundary?: NamedPolicy;
}

/** Where the policies of principals and roles come from: the identity service (IAM) registers it. */
export interface PolicySource {
  /** Policies of a user or a role session's role. */
  principalPolicies(world: World, principal: Principal): PrincipalPolicies | undefined;
  /** The trust policy of a role, by ARN (a role that does not exist trusts nobody). */
  trustPolicyOf(world: World, roleArn: string): NamedPolicy & { kind: 'trust' };
}

/** The services an emulator speaks, and what they register for core. */
export interface ServiceCatalog {
  names(): string[];
  has(name: string): boolean;
  /** The service by signing name, loaded on first use; undefined when it is not emulated. */
  get(name: string): Promise<ServiceDefinition> | undefined;
  /** The service an unsigned request is for (anonymous access), or the one whose wording refuses it. */
  forUnsigned(req: XRequest): Promise<ServiceDefinition>;
  /** The service whose wire format answers a failure before any service was routed. */
  fallback(): Promise<ServiceDefinition>;
  readonly policies: PolicySource;
  /** The operation that gives a principal (a service principal too) a session of a role: STS AssumeRole. */
  readonly assumeRole: { service: string; operation: string };
  /** The service that receives the events services emit (EventBridge's `onServiceEvent`), by signing name. */
  readonly events?: string;
}
