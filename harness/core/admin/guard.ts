/**
 * Who may reach xacct's admin endpoints (/_xacct/, not AWS), and from where.
 *
 * Every account's root keys are public (access key = account id, secret `test`), and a web page the user opens can
 * send requests to a loopback port, so three walls stand before any admin endpoint but health:
 * - the request must be addressed to this server: its Host is a loopback name or address with a port this server
 *   serves, the address it is bound to, or a name allowed with `xacct serve --allow-host` (a page that rebinds its
 *   own DNS name to 127.0.0.1 still sends that name: https://en.wikipedia.org/wiki/DNS_rebinding); an Origin
 *   header, when present, must be this server's own origin; a POST must say its body is JSON (a page can send
 *   text/plain and form bodies cross-origin without asking, https://fetch.spec.whatwg.org/#cors-safelisted-request-header);
 * - the caller must hold the per-server admin token (header `x-xacct-admin-token`, printed by `xacct serve`), or
 *   sign the request with SigV4 (service `xacct`) as an account root of this server; the explanation of a denial
 *   also answers any principal of the account that made the denied request (see admin.ts).
 * A custom header or an Authorization header makes a browser ask first (CORS preflight), which is never granted.
 *
 * Deviations, on purpose: when the server is bound to every interface (0.0.0.0, ::, as in the container) any IP
 * literal and any port are accepted in Host, since a published port may be mapped to another one and an IP literal
 * cannot be rebound; the signature's region is not checked (nothing of it reaches an ARN here).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Principal } from '../../world/principal.js';
import type { World } from '../../world/world.js';
import { parseAmzDate, readSignature, signatureMatches, SignatureParseError } from '../sigv4.js';
import type { XRequest, XResponse } from '../request.js';

/** The header that carries the admin token. */
export const ADMIN_TOKEN_HEADER = 'x-xacct-admin-token';
/** The service name in the credential scope of a SigV4-signed admin request. */
export const ADMIN_SIGNING_SERVICE = 'xacct';
const MAX_SKEW_MS = 15 * 60 * 1000;

export function adminJson(status: number, body: unknown, headers: Record<string, string> = {}): XResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** A fresh admin token: 256 random bits, URL-safe so it fits a header and a shell export line as is. */
export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Where the server listens, as the admin endpoints judge a request's Host and Origin. */
export interface Served {
  /** The HTTP (or in-process) endpoint, with the host it is bound to. */
  endpoint: string;
  httpsEndpoint?: string;
  /** Further host names the user allowed (`xacct serve --allow-host`). */
  allowedHosts: readonly string[];
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '[::]', '::']);

/** A loopback name or address: only this machine reaches it. Subdomains of localhost are not trusted: not every resolver keeps them local. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

const HOST_RE = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;

/** The Host header as a host name (normalised as a URL normalises it) and a port; undefined when it is not host[:port]. */
function parseHost(host: string, protocol: 'http' | 'https'): { hostname: string; port: string } | undefined {
  const m = HOST_RE.exec(host);
  if (!m) return undefined;
  try {
    return { hostname: new URL(`${protocol}://${m[1]}`).hostname, port: m[2] ?? (protocol === 'https' ? '443' : '80') };
  } catch {
    return undefined;
  }
}

function hostAllowed(served: Served, hostname: string, port: string): boolean {
  const bound = new URL(served.endpoint).hostname;
  const ports = [served.endpoint, served.httpsEndpoint].filter((e): e is string => !!e).map((e) => new URL(e).port || (e.startsWith('https:') ? '443' : '80'));
  if (served.allowedHosts.some((h) => h.toLowerCase() === hostname)) return true;
  if (WILDCARD_HOSTS.has(bound)) return isLoopback(hostname) || isIP(hostname.replace(/^\[|\]$/g, '')) !== 0;
  return (isLoopback(hostname) || hostname === bound) && ports.includes(port);
}

/**
 * The request comes from where an admin request may come from: Host, Origin and (for POST) content type.
 * Returns the refusal, or undefined when the request may go on.
 */
export function refuseForeign(req: XRequest, served: Served): XResponse | undefined {
  const host = req.headers['host'];
  // No Host header: not a browser (HTTP/1.1 clients always send one), and nothing to rebind.
  if (host !== undefined) {
    const parsed = parseHost(host, req.protocol);
    if (!parsed || !hostAllowed(served, parsed.hostname, parsed.port)) {
      return adminJson(403, {
        error: 'ForbiddenHost',
        message: `Host "${host}" is not an address this server serves (${served.endpoint}${served.httpsEndpoint ? `, ${served.httpsEndpoint}` : ''} or a loopback name with its port); /_xacct/ refuses requests addressed to other names, as a page rebinding its own name to this address sends. Start xacct serve with --allow-host <name> to allow a name of your own`,
      });
    }
  }
  const origin = req.headers['origin'];
  if (origin !== undefined && (host === undefined || origin.toLowerCase() !== `${req.protocol}://${host.toLowerCase()}`)) {
    return adminJson(403, {
      error: 'ForbiddenOrigin',
      message: `Origin "${origin}" is not this server's origin: /_xacct/ does not answer requests sent by web pages of other origins`,
    });
  }
  if (req.method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return adminJson(415, {
        error: 'UnsupportedMediaType',
        message: `POST ${req.path} takes a JSON body: send "content-type: application/json"${type ? `, not "${type}"` : ''}`,
      });
    }
  }
  return undefined;
}

/** Who an admin request comes from, once its credentials are verified. */
export type AdminCaller = { kind: 'token' } | { kind: 'principal'; principal: Principal };

export type Authenticated = { ok: true; caller: AdminCaller } | { ok: false; response: XResponse };

const HOW = `send the admin token that xacct serve prints (header ${ADMIN_TOKEN_HEADER}: $XACCT_ADMIN_TOKEN), or sign the request with SigV4 (service "${ADMIN_SIGNING_SERVICE}") as an account root of this server`;

function forbidden(message: string): Authenticated {
  return { ok: false, response: adminJson(403, { error: 'Forbidden', message }) };
}

function tokenMatches(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The verified caller of an admin request: the token holder, or the principal whose keys signed it. The checks of
 * a signed request are those of the AWS request path (key known and active, session token, clock skew, expiry,
 * signature over host and every x-amz-* header present), with the admin endpoints' own service name in the scope.
 */
export function authenticateAdmin(req: XRequest, world: World, token: string, now: Date): Authenticated {
  const given = req.headers[ADMIN_TOKEN_HEADER];
  if (given !== undefined) return tokenMatches(given, token) ? { ok: true, caller: { kind: 'token' } } : forbidden(`the ${ADMIN_TOKEN_HEADER} header is not this server's admin token`);
  let sig;
  try {
    sig = readSignature(req);
  } catch (e) {
    if (e instanceof SignatureParseError) return forbidden(`the request's signature cannot be read (${e.message}): ${HOW}`);
    throw e;
  }
  if (!sig) return { ok: false, response: adminJson(401, { error: 'Unauthorized', message: `${req.method} ${req.path} needs credentials: ${HOW}` }) };
  if (sig.service !== ADMIN_SIGNING_SERVICE) return forbidden(`the request is signed for the service "${sig.service}": admin requests are signed for "${ADMIN_SIGNING_SERVICE}"`);
  const unsigned = Object.keys(req.headers).filter((h) => (h === 'host' || h.startsWith('x-amz-') || h === ADMIN_TOKEN_HEADER) && !sig.signedHeaders.includes(h));
  if (unsigned.length > 0) return forbidden(`headers present but not signed: ${unsigned.join(', ')}`);
  const cred = world.credentials.get(sig.accessKeyId);
  if (!cred || cred.status === 'Inactive') return forbidden(`the access key ${sig.accessKeyId} is not known to this server`);
  if ((cred.sessionToken ?? undefined) !== sig.securityToken) return forbidden('the security token does not belong to the access key');
  const when = parseAmzDate(sig.amzDate);
  if (!when || Math.abs(now.getTime() - when.getTime()) > MAX_SKEW_MS || sig.date !== sig.amzDate.slice(0, 8)) {
    return forbidden('the request time is missing, malformed, or more than 15 minutes from the server time');
  }
  if (!signatureMatches(req, sig, cred.secretAccessKey)) return forbidden('the request signature does not match the signature computed with the key of the access key id given');
  if (cred.expiration && cred.expiration.getTime() <= now.getTime()) return forbidden('the session has expired');
  return { ok: true, caller: { kind: 'principal', principal: cred.principal } };
}

/** An account root, or the token holder: what every admin endpoint but the explanations needs. */
export function requireRoot(caller: AdminCaller, what: string): XResponse | undefined {
  if (caller.kind === 'token' || caller.principal.type === 'Account') return undefined;
  return adminJson(403, {
    error: 'Forbidden',
    message: `${caller.principal.arn} is not an account root: ${what} answers only the admin token holder or an account root of this server`,
  });
}
