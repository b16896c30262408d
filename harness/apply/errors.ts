/**
 * Errors the applier reports. Validation problems are collected for the whole configuration before any call
 * (like `terraform validate`/`plan`); an AWS error during apply carries the address and AWS's code, HTTP status
 * and message as the SDK returned them.
 * Deviations: none.
 */

export interface ConfigProblem {
  /** Resource address (or `provider.aws.x`, `output.y`) the problem belongs to. */
  address: string;
  message: string;
  /** Where the block is written, when the configuration was read from .tf files: `main.tf line 12`. */
  at?: string;
}

export class ApplyConfigError extends Error {
  override readonly name = 'ApplyConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `invalid Terraform configuration, nothing was created:\n${problems.map((p) => `  ${p.address}${p.at ? ` (on ${p.at})` : ''}: ${p.message}`).join('\n')}`,
    );
  }
}

export class ApplyResourceError extends Error {
  override readonly name = 'ApplyResourceError';
  constructor(
    readonly address: string,
    /** AWS's error code (e.g. AccessDenied, MalformedPolicyDocument) or the local failure's name. */
    readonly code: string,
    readonly awsMessage: string,
    readonly statusCode: number | undefined,
    /** Addresses created before the failure. */
    readonly created: string[],
    /** Where the block is written (.tf files): `main.tf line 12`. */
    readonly at?: string,
  ) {
    super(`${address}${at ? ` (on ${at})` : ''}: ${code}${statusCode ? ` (HTTP ${statusCode})` : ''}: ${awsMessage}`);
  }
}

/** Reads code/status/message from an SDK v3 service exception (or any Error). */
export function awsErrorParts(e: unknown): { code: string; message: string; statusCode?: number } {
  if (e instanceof Error) {
    const meta = (e as { $metadata?: { httpStatusCode?: number } }).$metadata;
    const code = (e as { Code?: string }).Code ?? e.name;
    return { code, message: e.message, statusCode: meta?.httpStatusCode };
  }
  return { code: 'Error', message: String(e) };
}
