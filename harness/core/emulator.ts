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
import { serviceCatalog, type ServiceCatalog } from '../services/registry.js';
import type { AuthCheck, InvokeOptions, OperationContext, ServiceDefinition } from '../services/types.js';
import { requestId as newRequestId } from '../world/ids.js';
import { anonymousPrincipal, type Principal } from '../world/principal.js';
import { World, type AccountSpec } from '../world/world.js';
import { authError, type AuthFailure } from './auth-errors.js';
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
import { handleAdmin } from './admin.js';

const MAX_SKEW_MS = 15 * 60 * 1000;
/** The largest request body accepted outside S3 (IAM and STS bodies are small; KMS plaintext is ≤ 4 KiB). */
const MAX_NON_S3_BODY = 1024 * 1024;

/** Why a request was refused: kept so reports can explain an AccessDenied that AWS would not explain. */
export interface DenialRecord {
  requestId: string;
  service: string;
  request: AuthorizationRequest;
  decision: Decision;
}

const MAX_DENIALS_KEPT = 2000;

export interface EmulatorOptions {
  accounts?: AccountSpec[];
  region?: string;
  /** Overrides `new Date()` for tests of expiry and skew. */
  clock?: () => Date;
  /** Receives internal errors (never sent to clients). */
  log?: (message: string) => void;
}

export class Emulator {
  world: World;
  readonly region: string;
  readonly services: ServiceCatalog;
  /** Set by the transport that serves it, for URLs in responses. */
  endpoint = 'http://127.0.0.1:4566';
  private readonly clock: () => Date;
  private readonly log: (message: string) => void;
  private readonly denials = new Map<string, DenialRecord>();

  constructor(opts: EmulatorOptions = {}) {
    this.region = opts.region ?? 'us-east-1';
    this.world = new World(opts.accounts, this.region);
    this.services = serviceCatalog();
    this.clock = opts.clock ?? (() => new Date());
    this.log = opts.log ?? ((m) => process.stderr.write(`${m}\n`));
  }

  now(): Date {
    return this.clock();
  }

  /** A fresh world with the same accounts. */
  reset(): void {
    this.world = new World(this.world.specs(), this.region);
  }

  async handle(req: XRequest): Promise<XResponse> {
    const requestId = newRequestId();
    if (req.path.startsWith('/_xacct/')) return handleAdmin(this, req);
    let sig: SignatureInfo | undefined;
    let service: ServiceDefinition | undefined;
    let operation: string | undefined;
    try {
      try {
        sig = readSignature(req);
      } catch (e) {
        if (e instanceof SignatureParseError) {
          service = await this.routeUnsigned(req);
          throw authError(service.name, { kind: 'malformed', detail: e.message });
        }
        throw e;
      }
      service = sig ? await this.services.get(sig.service) : await this.routeUnsigned(req);
      if (!service) {
        return this.plainError(404, 'UnknownService', `xacct does not emulate the service "${sig?.service}"`, requestId);
      }
      const principal = sig ? this.authenticate(req, sig, service) : this.anonymous(service);
      if (service.name !== 's3' && req.body.length > MAX_NON_S3_BODY) {
        throw new AwsError('RequestEntityTooLarge', 413, 'Request body is too large');
      }
      const decoded = service.protocol.decode(req, service);
      operation = decoded.operation;
      const region = sig?.region ?? this.region;
      const ctx = this.context(service, principal, region, req, requestId, requestId);
      const output = await this.run(service, decoded.operation, decoded.input, ctx);
      return service.protocol.encode(decoded.operation, output, { requestId, request: req });
    } catch (e) {
      const err = this.toAwsError(e);
      const protocol = (service ?? (await this.services.get('sts')!)).protocol;
      return protocol.encodeError(err, { requestId, operation, request: req });
    }
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

  private async run(service: ServiceDefinition, operation: string, input: unknown, ctx: OperationContext): Promise<unknown> {
    const op = service.operations[operation]!;
    const checks = op.authorize?.(ctx, input);
    if (checks) for (const check of Array.isArray(checks) ? checks : [checks]) ctx.authorize(check);
    return op.handler(ctx, input);
  }

  private decide(ctx: OperationContext, check: AuthCheck): { request: AuthorizationRequest; decision: Decision } {
    const request = buildAuthorizationRequest(this.world, ctx.principal, check, {
      secureTransport: ctx.secureTransport,
      sourceIp: ctx.sourceIp,
      region: ctx.region,
      via: ctx.via,
      now: this.now(),
    });
    return { request, decision: evaluate(request) };
  }

  /** The engine's verdict for `principal` on one check, outside any request (for reports and dry checks). */
  decideFor(principal: Principal, check: AuthCheck): { request: AuthorizationRequest; decision: Decision } {
    const request = buildAuthorizationRequest(this.world, principal, check, { secureTransport: true, sourceIp: '127.0.0.1', region: this.region, now: this.now() });
    return { request, decision: evaluate(request) };
  }

  /** The denial behind a refused request (by the request id the client saw), if it was an authorization failure. */
  explain(requestId: string): DenialRecord | undefined {
    return this.denials.get(requestId);
  }

  private recordDenial(record: DenialRecord): void {
    if (this.denials.size >= MAX_DENIALS_KEPT) this.denials.delete(this.denials.keys().next().value!);
    this.denials.set(record.requestId, record);
  }

  private context(
    service: ServiceDefinition,
    principal: Principal,
    region: string,
    request: XRequest,
    requestId: string,
    traceId: string,
    via?: InvokeOptions['via'],
  ): OperationContext {
    const ctx: OperationContext = {
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
      authorize: (check) => {
        const { request: r, decision } = this.decide(ctx, check);
        if (decision.decision !== 'allowed') {
          // Keyed by the id of the request the client sent, so a denial deep inside (S3 -> KMS) explains it.
          this.recordDenial({ requestId: traceId, service: service.name, request: r, decision });
          throw service.denial(r, decision, ctx);
        }
      },
      decide: (check) => this.decide(ctx, check),
      noteDenial: (r, decision) => this.recordDenial({ requestId: traceId, service: service.name, request: r, decision }),
      invoke: (service, operation, input, opts = {}) =>
        this.invokeAs(opts.as ?? principal, service, operation, input, {
          ...opts,
          region: opts.region ?? region,
          request: opts.as ? undefined : request,
          traceId,
        }),
    };
    return ctx;
  }

  /**
   * Checks that need no secret come first (payload-hash header, presign parameters, scope date and region,
   * unsigned headers), as AWS answers them before it looks the key up; then key, token, signature, body, time.
   */
  private authenticate(req: XRequest, sig: SignatureInfo, service: ServiceDefinition): Principal {
    const fail = (f: AuthFailure): never => {
      throw authError(service.name, f);
    };
    const now = this.now();
    const when = parseAmzDate(sig.amzDate);
    if (!when) fail({ kind: 'malformed', detail: 'x-amz-date is missing or malformed' });
    const presignedS3 = sig.form === 'query' && service.name === 's3';
    const payload = payloadHashProblem(req, sig);
    if (payload?.kind === 'missing') fail({ kind: 'payloadHashMissing' });
    if (payload?.kind === 'invalid') fail({ kind: 'payloadHashInvalid', value: payload.value });
    const expires = presignedS3 ? presignExpires(sig) : undefined;
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
    if (!signatureMatches(req, sig, cred.secretAccessKey)) fail({ kind: 'badSignature' });
    const mismatch = declaredPayloadMismatch(req, sig);
    if (mismatch) fail({ kind: 'payloadMismatch', ...mismatch });
    // Only S3 honours X-Amz-Expires; other services hold presigned URLs to the same 15-minute window as headers.
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

  private anonymous(service: ServiceDefinition): Principal {
    if (!service.allowsAnonymous) throw authError(service.name, { kind: 'missing' });
    return anonymousPrincipal();
  }

  /** Unsigned requests can only be meant for S3 (anonymous access) or be an error. */
  private async routeUnsigned(req: XRequest): Promise<ServiceDefinition> {
    if (!req.headers['x-amz-target'] && !(req.headers['content-type'] ?? '').includes('x-www-form-urlencoded')) return (await this.services.get('s3'))!;
    const target = req.headers['x-amz-target'];
    if (target) {
      const prefix = target.split('.')[0];
      for (const name of this.services.names()) {
        const s = (await this.services.get(name))!;
        if (prefix && s.targetPrefix === prefix) return s;
      }
      return (await this.services.get('kms'))!;
    }
    return (await this.services.get('sts'))!;
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
