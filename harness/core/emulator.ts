/**
 * The one request path every request takes, whichever transport brought it:
 *
 *     transport -> route -> verify SigV4 -> decode -> authorize -> invoke -> encode
 *
 * Identity comes only from verified credentials. Services that act for a caller (S3 calling KMS, CloudFormation
 * acting as its service role) re-enter at `invoke`, skipping only the transport and the signature.
 */
import type { AuthorizationRequest, Decision } from '../iam/types.js';
import { evaluate } from '../iam/index.js';
import type { AuthCheck, InvokeOptions, Operation, OperationContext, ServiceCatalog, ServiceDefinition, ServiceEvent, ServiceRuntime } from './service.js';
import { requestId as newRequestId } from '../world/ids.js';
import { anonymousPrincipal, type Principal } from '../world/principal.js';
import { World, type AccountSpec } from '../world/world.js';
import type { AuthFailure } from './auth-errors.js';
import { buildAuthorizationRequest } from './authorize.js';
import { AwsError, internalFailure, isAwsError } from './errors.js';
import {
  declaredPayloadMismatch,
  formatAmzDate,
  formatIsoSeconds,
  parseAmzDate,
  payloadHashProblem,
  presignExpires,
  readSignature,
  servesRegion,
  signatureMatches,
  SignatureParseError,
  unsignedHeaders,
  type SignatureInfo,
} from './sigv4.js';
import type { XRequest, XResponse } from './request.js';
import { admitAdminHead, handleAdmin, MAX_ADMIN_BODY } from './admin.js';

const MAX_SKEW_MS = 15 * 60 * 1000;
/** The largest request body a service accepts unless it declares otherwise (IAM and STS bodies are small; KMS plaintext is ≤ 4 KiB). */
const DEFAULT_MAX_BODY = 1024 * 1024;

/** Why a request was refused: kept so reports can explain an AccessDenied that AWS would not explain. */
export interface DenialRecord {
  requestId: string;
  /** When it was refused, by the emulator's clock (ISO 8601). */
  time: string;
  service: string;
  request: AuthorizationRequest;
  decision: Decision;
}

const MAX_DENIALS_KEPT = 2000;
const EMPTY_BODY = Buffer.alloc(0);

/** Why a transport will not hold a body: the server holds too many body bytes already, or this one is too large. */
export type BodyRefusal = { kind: 'throttled' } | { kind: 'tooLarge'; proposed: number; allowed: number };

/** A request whose head the request path has accepted: what its body may be, and how to finish it. */
export interface Admitted {
  /** The largest body the service accepts (Infinity when only the transport's own limit applies). */
  maxBodyBytes: number;
  /** The rest of the request path, once the body has arrived. */
  proceed(body: Buffer): Promise<XResponse>;
  /** The service's answer when the transport will not hold the body. */
  refuse(why: BodyRefusal): Promise<XResponse>;
}

export type Admission = { refused: XResponse } | { admitted: Admitted };

/** Content-Length as a number; undefined when absent or not a length. */
function declaredLength(head: XRequest): number | undefined {
  const value = head.headers['content-length'];
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

export interface EmulatorOptions {
  /** The services to speak (harness/services/registry.ts builds the catalog of every emulated service). */
  services: ServiceCatalog;
  accounts?: AccountSpec[];
  region?: string;
  /** Overrides `new Date()` for tests of expiry and skew. */
  clock?: () => Date;
  /** Receives internal errors (never sent to clients). */
  log?: (message: string) => void;
  /** Told of each denial as it is recorded (`xacct serve` logs one line for it). */
  onDenial?: (record: DenialRecord) => void;
}

/** What the request path holds beside what operations see: the evaluation of a declared check, refusing it. */
interface RequestContext extends OperationContext {
  authorize(check: AuthCheck): void;
}

export class Emulator {
  world: World;
  readonly region: string;
  readonly services: ServiceCatalog;
  /** Set by the transport that serves it, for URLs in responses. */
  endpoint = 'http://127.0.0.1:4566';
  private readonly clock: () => Date;
  private readonly log: (message: string) => void;
  private readonly onDenial: ((record: DenialRecord) => void) | undefined;
  private readonly denials = new Map<string, DenialRecord>();
  private readonly deliveries = new Set<Promise<void>>();
  /**
   * Sees each authorization request as built, before the engine evaluates it, and may hand the engine another in its
   * place: `xacct check` records the policies a pipeline's hops rest on, then takes one grant away at a time.
   */
  authorizationLens?: (request: AuthorizationRequest) => AuthorizationRequest;

  constructor(opts: EmulatorOptions) {
    this.region = opts.region ?? 'us-east-1';
    this.world = new World(opts.accounts, this.region);
    this.services = opts.services;
    this.clock = opts.clock ?? (() => new Date());
    this.log = opts.log ?? ((m) => process.stderr.write(`${m}\n`));
    this.onDenial = opts.onDenial;
  }

  now(): Date {
    return this.clock();
  }

  /** A fresh world with the same accounts. */
  reset(): void {
    this.world = new World(this.world.specs(), this.region);
  }

  async handle(req: XRequest): Promise<XResponse> {
    const admission = await this.admit(req);
    return 'refused' in admission ? admission.refused : admission.admitted.proceed(req.body);
  }

  /**
   * The part of the request path that needs only the request's head: route, read the signature, and refuse
   * before any body byte is held whatever can be refused without it. A service that signs the declared payload hash
   * (S3) has its signature checked here, and an anonymous upload to it is authorized here (its authorization never
   * reads the bytes). Other services sign the body itself, so they are authenticated once their small body has arrived.
   * The transport may pass a head whose body has not arrived yet: nothing here reads `head.body`.
   */
  async admit(head: XRequest): Promise<Admission> {
    const requestId = newRequestId();
    if (head.path.startsWith('/_xacct/')) return this.admitAdmin(head);
    let sig: SignatureInfo | undefined;
    let service: ServiceDefinition | undefined;
    try {
      try {
        sig = readSignature(head);
      } catch (e) {
        if (e instanceof SignatureParseError) {
          service = await this.services.forUnsigned(head);
          throw service.errors.auth({ kind: 'malformed', detail: e.message });
        }
        throw e;
      }
      service = sig ? await this.services.get(sig.service) : await this.services.forUnsigned(head);
      if (!service) {
        return { refused: this.plainError(404, 'UnknownService', `xacct does not emulate the service "${sig?.service}"`, requestId) };
      }
      const maxBodyBytes = service.maxBodyBytes ?? DEFAULT_MAX_BODY;
      const declared = declaredLength(head);
      if (declared !== undefined && declared > maxBodyBytes) throw service.errors.tooLarge(declared, maxBodyBytes);
      // A protocol that names unknown operations first needs the body to know the operation (proceed refuses then).
      if (!sig && !service.protocol.refuseUnknown) this.anonymous(service);
      if (service.signing?.declaredPayloadHash) {
        if (sig) this.checkSignatureBeforeBody(head, sig, service);
        else await this.authorizeBeforeBody(head, service, requestId);
      }
      const routed = service;
      return {
        admitted: {
          maxBodyBytes,
          proceed: (body) => this.proceed({ ...head, body }, sig, routed, requestId, maxBodyBytes),
          refuse: (why) =>
            this.errorResponse(why.kind === 'throttled' ? routed.errors.throttled() : routed.errors.tooLarge(why.proposed, why.allowed), routed, head, requestId),
        },
      };
    } catch (e) {
      return { refused: await this.errorResponse(e, service, head, requestId) };
    }
  }

  /**
   * xacct's own endpoints, in their own JSON (not an AWS shape): refused from the head when that is enough (a
   * foreign Host or Origin, an unknown endpoint, no credentials), and with bodies of at most MAX_ADMIN_BODY bytes.
   */
  private admitAdmin(head: XRequest): Admission {
    const refused = admitAdminHead(this, head);
    if (refused) return { refused };
    return {
      admitted: {
        maxBodyBytes: MAX_ADMIN_BODY,
        proceed: (body) => handleAdmin(this, { ...head, body }),
        refuse: async (why) =>
          why.kind === 'throttled'
            ? adminError(503, 'SlowDown', 'the server holds as many request bodies as it allows; try again')
            : adminError(413, 'PayloadTooLarge', `admin request bodies are at most ${why.allowed} bytes`),
      },
    };
  }

  /** The rest of the one request path, once the body has arrived: verify SigV4 -> decode -> authorize -> invoke -> encode. */
  private async proceed(req: XRequest, sig: SignatureInfo | undefined, service: ServiceDefinition, requestId: string, maxBodyBytes: number): Promise<XResponse> {
    let operation: string | undefined;
    try {
      if (req.body.length > maxBodyBytes) throw service.errors.tooLarge(req.body.length, maxBodyBytes);
      const principal = sig ? this.authenticate(req, sig, service) : this.anonymous(service, req);
      const decoded = service.protocol.decode(req, service);
      operation = decoded.operation;
      const region = sig?.region ?? this.region;
      const ctx = this.context(service, principal, region, req, requestId, requestId);
      const output = await this.run(service, decoded.operation, decoded.input, ctx);
      return service.protocol.encode(decoded.operation, output, { requestId, request: req });
    } catch (e) {
      return this.errorResponse(e, service, req, requestId, operation);
    }
  }

  /**
   * A service that signs the declared x-amz-content-sha256 rather than the body (S3) has the signature checked before
   * the body is read; `authenticate` checks the whole request (and the declared hash against the bytes) once they are
   * in. A header-signed request without that header is refused (its signature would cover the body itself).
   */
  private checkSignatureBeforeBody(head: XRequest, sig: SignatureInfo, service: ServiceDefinition): void {
    if (sig.form === 'header' && head.headers['x-amz-content-sha256'] === undefined) throw service.errors.auth({ kind: 'payloadHashMissing' });
    const cred = this.world.credentials.get(sig.accessKeyId);
    if (cred && signatureMatches(head, sig, cred.secretAccessKey, service.signing)) return;
    // authenticate() words the refusal as AWS does; it fails no later than at the signature it shares with this check.
    this.authenticate(head, sig, service);
    throw service.errors.auth({ kind: 'badSignature' });
  }

  /** An anonymous upload is refused before its bytes are read when its operation's authorization never reads them. */
  private async authorizeBeforeBody(head: XRequest, service: ServiceDefinition, requestId: string): Promise<void> {
    const bodiless = { ...head, body: EMPTY_BODY };
    const decoded = service.protocol.decode(bodiless, service);
    const op = runnable(service, decoded.operation);
    if (!op?.authorizesBeforeBody || !(op.authorize || op.authorizeCall)) return;
    const ctx = this.context(service, this.anonymous(service), this.region, bodiless, requestId, requestId);
    await authorizeOperation(op, ctx, decoded.input);
  }

  private async errorResponse(e: unknown, service: ServiceDefinition | undefined, req: XRequest, requestId: string, operation?: string): Promise<XResponse> {
    const err = this.toAwsError(e);
    const protocol = (service ?? (await this.services.fallback())).protocol;
    return protocol.encodeError(err, { requestId, operation, request: req });
  }

  /** Runs an operation as `principal` through authorize -> handler, as services acting for a caller do. */
  async invokeAs<O = unknown>(
    principal: Principal,
    serviceName: string,
    operation: string,
    input: unknown,
    opts: InvokeOptions & { request?: XRequest; traceId?: string } = {},
  ): Promise<O> {
    const service = await this.services.get(serviceName);
    if (!service) throw new Error(`xacct does not emulate the service "${serviceName}"`);
    if (!Object.hasOwn(service.operations, operation)) throw new Error(`${serviceName} has no operation ${operation}`);
    const base = opts.request ?? internalRequest(serviceName);
    const request = service.protocol.internalRequest?.(operation, input, base) ?? base;
    const requestId = newRequestId();
    const ctx = this.context(service, principal, opts.region ?? this.region, request, requestId, opts.traceId ?? requestId, opts.via);
    return (await this.run(service, operation, input, ctx)) as O;
  }

  private async run(service: ServiceDefinition, operation: string, input: unknown, ctx: RequestContext): Promise<unknown> {
    const op = runnable(service, operation)!;
    return op.handler(ctx, input, await authorizeOperation(op, ctx, input));
  }

  private decide(ctx: OperationContext, check: AuthCheck): { request: AuthorizationRequest; decision: Decision } {
    return this.evaluated(buildAuthorizationRequest(this.world, this.services.policies, ctx.principal, check, {
      secureTransport: ctx.secureTransport,
      sourceIp: ctx.sourceIp,
      region: ctx.region,
      via: ctx.via,
      now: this.now(),
    }));
  }

  private evaluated(built: AuthorizationRequest): { request: AuthorizationRequest; decision: Decision } {
    const request = this.authorizationLens?.(built) ?? built;
    return { request, decision: evaluate(request) };
  }

  /** What a service acts through outside any request (an event's delivery, a pipeline's run), in `region`. */
  runtime(region = this.region): ServiceRuntime {
    return {
      world: this.world,
      region,
      now: () => this.now(),
      invoke: (service, operation, input, opts) => this.invokeAs(opts.as, service, operation, input, { ...opts, region: opts.region ?? region }),
    };
  }

  /**
   * Delivers an emitted event through the catalog's event consumer, in the background as AWS does. A failure of the
   * delivery itself (not a refused hop, which the consumer records as a denial) is an internal error: logged.
   */
  private emit(event: ServiceEvent): void {
    const consumer = this.services.events === undefined ? undefined : this.services.get(this.services.events);
    if (!consumer) return;
    const delivery: Promise<void> = consumer
      .then((service) => service.onServiceEvent?.(this.runtime(event.region), event))
      .catch((e: unknown) => this.log(`xacct: delivering ${event.source} "${event.detailType}" failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`))
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }

  /** Resolves once every event emitted so far is delivered, with whatever those deliveries emitted in turn. */
  async eventsDelivered(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.all([...this.deliveries]);
  }

  /** The engine's verdict for `principal` on one check, outside any request (for reports and dry checks). */
  decideFor(principal: Principal, check: AuthCheck): { request: AuthorizationRequest; decision: Decision } {
    return this.evaluated(buildAuthorizationRequest(this.world, this.services.policies, principal, check, { secureTransport: true, sourceIp: '127.0.0.1', region: this.region, now: this.now() }));
  }

  /** The denial behind a refused request (by the request id the client saw), if it was an authorization failure. */
  explain(requestId: string): DenialRecord | undefined {
    return this.denials.get(requestId);
  }

  /** The denials kept (the last MAX_DENIALS_KEPT request ids), most recent first. */
  recentDenials(): DenialRecord[] {
    return [...this.denials.values()].reverse();
  }

  private recordDenial(denial: Omit<DenialRecord, 'time'>): void {
    const record = { ...denial, time: this.now().toISOString() };
    // A request refused again deeper down (S3 -> KMS) keeps one entry, moved to the most recent place.
    this.denials.delete(record.requestId);
    if (this.denials.size >= MAX_DENIALS_KEPT) this.denials.delete(this.denials.keys().next().value!);
    this.denials.set(record.requestId, record);
    this.onDenial?.(record);
  }

  private context(
    service: ServiceDefinition,
    principal: Principal,
    region: string,
    request: XRequest,
    requestId: string,
    traceId: string,
    via?: InvokeOptions['via'],
  ): RequestContext {
    const ctx: RequestContext = {
      world: this.world,
      principal,
      region,
      requestId,
      secureTransport: request.protocol === 'https',
      sourceIp: request.sourceIp,
      request,
      via,
      endpoint: this.endpoint,
      now: () => this.now(),
      refused: new Map(),
      authorize: (check) => {
        const { request: r, decision } = this.decide(ctx, check);
        const verdict = withStandIn(decision, check);
        // Keyed by the id of the request the client sent, so a denial deep inside (S3 -> KMS) explains it.
        if (verdict.decision !== 'allowed') {
          this.recordDenial({ requestId: traceId, service: service.name, request: r, decision: verdict });
          throw service.denial(r, verdict);
        }
        const refusal = check.beside?.();
        if (refusal) {
          this.recordDenial({ requestId: traceId, service: service.name, request: r, decision: { decision: 'implicitDeny', explanation: refusal.explanation, fix: refusal.fix } });
          throw refusal.error;
        }
      },
      decide: (check) => this.decide(ctx, check),
      invoke: (service, operation, input, opts = {}) =>
        this.invokeAs(opts.as ?? principal, service, operation, input, {
          ...opts,
          region: opts.region ?? region,
          request: opts.as ? undefined : request,
          traceId,
        }),
      emit: (event) => this.emit(event),
    };
    return ctx;
  }

  /**
   * Checks that need no secret come first (payload-hash header, presign parameters, scope date and region,
   * unsigned headers), as AWS answers them before it looks the key up; then key, token, signature, body, time.
   */
  private authenticate(req: XRequest, sig: SignatureInfo, service: ServiceDefinition): Principal {
    const fail = (f: AuthFailure): never => {
      throw service.errors.auth(f);
    };
    const quirks = service.signing ?? {};
    const now = this.now();
    const when = parseAmzDate(sig.amzDate);
    if (!when) fail({ kind: 'malformed', detail: 'x-amz-date is missing or malformed' });
    const presignedWithExpiry = sig.form === 'query' && quirks.presignedExpiry === true;
    const payload = payloadHashProblem(req, sig, quirks);
    if (payload?.kind === 'missing') fail({ kind: 'payloadHashMissing' });
    if (payload?.kind === 'invalid') fail({ kind: 'payloadHashInvalid', value: payload.value });
    const expires = presignedWithExpiry ? presignExpires(sig) : undefined;
    if (expires && 'problem' in expires) fail({ kind: 'presignParameter', message: expires.problem });
    if (sig.date !== sig.amzDate.slice(0, 8)) fail({ kind: 'scopeDate', form: sig.form, scopeDate: sig.date, amzDate: sig.amzDate });
    if (!servesRegion(sig.region, this.region)) fail({ kind: 'scopeRegion', form: sig.form, region: sig.region, expected: this.region });
    const unsigned = unsignedHeaders(req, sig);
    if (unsigned.length > 0) fail({ kind: 'headersNotSigned', headers: unsigned });
    const record = this.world.credentials.get(sig.accessKeyId);
    if (!record || record.status === 'Inactive') fail({ kind: 'unknownKey' });
    const cred = record!;
    if (cred.sessionToken !== undefined && sig.securityToken !== cred.sessionToken) fail({ kind: 'badToken' });
    if (cred.sessionToken === undefined && sig.securityToken !== undefined) fail({ kind: 'badToken' });
    if (!signatureMatches(req, sig, cred.secretAccessKey, quirks)) fail({ kind: 'badSignature' });
    const mismatch = declaredPayloadMismatch(req, quirks);
    if (mismatch) fail({ kind: 'payloadMismatch', ...mismatch });
    // Only a service with the presignedExpiry quirk (S3) honours X-Amz-Expires; others hold presigned URLs to the
    // same 15-minute window as headers.
    if (expires && 'seconds' in expires) {
      const expiresAt = new Date(when!.getTime() + expires.seconds * 1000);
      const times = { expiresAt: formatIsoSeconds(expiresAt), now: formatIsoSeconds(now) };
      if (when!.getTime() - now.getTime() > MAX_SKEW_MS) fail({ kind: 'presignNotYetValid', amzDate: when!, ...times });
      // X-Amz-Expires=0 never was valid: S3 answers it as expired.
      if (expires.seconds === 0 || expiresAt.getTime() < now.getTime()) fail({ kind: 'presignExpired', expires: sig.expires!, ...times });
    } else if (Math.abs(now.getTime() - when!.getTime()) > MAX_SKEW_MS) {
      fail({
        kind: 'skewed',
        requestTime: sig.amzDate,
        earliest: formatAmzDate(new Date(now.getTime() - MAX_SKEW_MS)),
        latest: formatAmzDate(new Date(now.getTime() + MAX_SKEW_MS)),
        now: formatAmzDate(now),
        tooLate: when!.getTime() > now.getTime(),
      });
    }
    if (cred.expiration && cred.expiration.getTime() <= now.getTime()) fail({ kind: 'expiredToken' });
    return cred.principal;
  }

  /** `req` given once the body is in: an unsigned request for an operation the service lacks is refused as unknown. */
  private anonymous(service: ServiceDefinition, req?: XRequest): Principal {
    if (!service.allowsAnonymous) {
      if (req) service.protocol.refuseUnknown?.(req, service);
      throw service.errors.auth({ kind: 'missing' });
    }
    return anonymousPrincipal();
  }

  private toAwsError(e: unknown): AwsError {
    if (isAwsError(e)) return e;
    this.log(`xacct: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return internalFailure();
  }

  private plainError(status: number, code: string, message: string, requestId: string): XResponse {
    return {
      status,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
      body: JSON.stringify({ __type: code, message }),
    };
  }
}

/**
 * An operation ready to run on the input the protocol decoded (and coerced by the service's model) for it: the
 * table types each entry by its own input, which the request path cannot name.
 */
function runnable(service: ServiceDefinition, operation: string): Operation<unknown, unknown, unknown> | undefined {
  return Object.hasOwn(service.operations, operation) ? (service.operations[operation] as Operation<unknown, unknown, unknown>) : undefined;
}

/**
 * The operation's declared authorization, evaluated before its handler runs: the checks of the call, what the
 * operation resolves, then the checks that read it. Returns what was resolved, for the handler.
 */
async function authorizeOperation(op: Operation<unknown, unknown, unknown>, ctx: RequestContext, input: unknown): Promise<unknown> {
  evaluateChecks(ctx, op.authorizeCall?.(ctx, input));
  const resolved = await op.resolve?.(ctx, input);
  evaluateChecks(ctx, op.authorize?.(ctx, input, resolved));
  return resolved;
}

function evaluateChecks(ctx: RequestContext, checks: AuthCheck | AuthCheck[] | undefined): void {
  if (!checks) return;
  for (const check of Array.isArray(checks) ? checks : [checks]) {
    if (check.item === undefined) {
      ctx.authorize(check);
      continue;
    }
    try {
      ctx.authorize(check);
    } catch (e) {
      if (!isAwsError(e)) throw e;
      (ctx.refused as Map<string, AwsError>).set(check.item, e);
    }
  }
}

/** The policies' decision, with what stands in for an Allow (a KMS grant) where they leave the request undecided. */
function withStandIn(decision: Decision, check: AuthCheck): Decision {
  if (decision.decision !== 'implicitDeny' || !check.standIn) return decision;
  const standIn = check.standIn();
  if (standIn.allows) return { decision: 'allowed', explanation: decision.explanation };
  const fix = [decision.fix, standIn.fix].filter(Boolean).join('; or ');
  return { ...decision, explanation: `${decision.explanation} ${standIn.why}`, ...(fix ? { fix } : {}) };
}

function adminError(status: number, error: string, message: string): XResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error, message }) };
}

function internalRequest(service: string): XRequest {
  return {
    method: 'POST',
    protocol: 'https',
    hostname: `${service}.amazonaws.com`,
    path: '/',
    rawQuery: '',
    headers: {},
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
  };
}
