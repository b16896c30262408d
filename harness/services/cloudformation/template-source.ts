/**
 * Where a template comes from: TemplateBody, or TemplateURL naming an object in the emulated S3, read as the
 * caller (so the template bucket's policy and the caller's grants decide, as in AWS). URL forms accepted:
 * path-style https://s3.amazonaws.com/<bucket>/<key>, https://s3.<region>.amazonaws.com/<bucket>/<key>,
 * https://s3-<region>.amazonaws.com/<bucket>/<key>, virtual-hosted https://<bucket>.s3[.<region>].amazonaws.com/<key>,
 * and the emulator's own endpoint path-style http(s)://<host>:<port>/<bucket>/<key>.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (TemplateURL)
 * Failure wording: "S3 error: Access Denied For more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html"
 * (errors.jsonl E075); "Either Template URL or Template Body must be specified." (recorded AWS response quoted in
 * the goamz CloudFormation tests).
 * Deviations: the wording for a URL that is not an S3 URL, and for both TemplateBody and TemplateURL, is ours.
 */
import { isAwsError } from '../../core/errors.js';
import type { OperationContext } from '../types.js';
import { hasService } from './available-services.js';
import { ValidationError } from './errors.js';

const S3_DOCS = 'For more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html';

export interface TemplateSource {
  TemplateBody?: string;
  TemplateURL?: string;
}

export function s3Location(url: string): { bucket: string; key: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const path = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const host = u.hostname.toLowerCase();
  const virtual = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(host);
  if (virtual && path !== '') return { bucket: virtual[1]!, key: path };
  const pathStyle = /^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.test(host) || host === '127.0.0.1' || host === 'localhost' || u.port !== '';
  if (!pathStyle) return undefined;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) return undefined;
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

export async function bodyText(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  const b = body as { transformToString?: () => Promise<string>; [Symbol.asyncIterator]?: () => AsyncIterator<unknown> };
  if (typeof b.transformToString === 'function') return b.transformToString();
  if (typeof b[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const c of body as AsyncIterable<unknown>) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
    return Buffer.concat(chunks).toString('utf8');
  }
  return String(body);
}

/** The template text, from the body or the S3 object, read as the caller. */
export async function templateBody(ctx: OperationContext, source: TemplateSource): Promise<string> {
  const { TemplateBody, TemplateURL } = source;
  if (TemplateBody !== undefined && TemplateURL !== undefined) {
    throw ValidationError('Specify exactly one of TemplateBody or TemplateUrl.');
  }
  if (TemplateBody !== undefined) return TemplateBody;
  if (TemplateURL === undefined) throw ValidationError('Either Template URL or Template Body must be specified.');
  const location = s3Location(TemplateURL);
  if (!location) throw ValidationError('TemplateURL must be a supported URL.');
  if (!hasService('s3')) throw ValidationError(`S3 error: Access Denied ${S3_DOCS}`);
  try {
    const out = await ctx.invoke<{ Body?: unknown }>('s3', 'GetObject', { Bucket: location.bucket, Key: location.key }, { as: ctx.principal });
    return await bodyText(out.Body);
  } catch (e) {
    if (isAwsError(e)) throw ValidationError(`S3 error: ${e.message} ${S3_DOCS}`);
    throw e;
  }
}
