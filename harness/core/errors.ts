/**
 * AWS errors as values. Services throw `AwsError` (or a subclass named exactly as AWS's code); the protocol
 * layer renders it in the service's wire format. Anything else that escapes a handler becomes a 500
 * InternalFailure without a stack trace (the stack goes to the server log only).
 */

export interface AwsErrorOptions {
  /** Sender (4xx) or Receiver (5xx); query-protocol XML carries it as <Type>. */
  type?: 'Sender' | 'Receiver';
  /** Extra fields some errors carry (S3's BucketName, Key, ArgumentName...). */
  fields?: Record<string, string>;
  /** Headers to add to the error response. */
  headers?: Record<string, string>;
  /** The engine's explanation of a denial, kept for reports (never sent on the wire). */
  explanation?: unknown;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';
  readonly fields: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly explanation?: unknown;

  constructor(code: string, status: number, message: string, opts: AwsErrorOptions = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.type = opts.type ?? (status >= 500 ? 'Receiver' : 'Sender');
    this.fields = opts.fields ?? {};
    this.headers = opts.headers ?? {};
    this.explanation = opts.explanation;
  }
}

export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}

export function internalFailure(): AwsError {
  return new AwsError('InternalFailure', 500, 'The request processing has failed because of an unknown error, exception or failure.');
}

/** A refused authorization, worded by the service; the engine's decision rides along for reports. */
export function deniedError(code: string, status: number, message: string, decision: unknown): AwsError {
  return new AwsError(code, status, message, { explanation: decision });
}
