/**
 * Test helper: run an SDK call that must fail and return the AWS error's code, HTTP status and message, so every
 * negative test can assert all three.
 */
export interface CaughtAwsError {
  code: string;
  status: number | undefined;
  message: string;
}

export async function awsError(call: Promise<unknown>): Promise<CaughtAwsError> {
  try {
    await call;
  } catch (e) {
    const err = e as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    return { code: err.Code ?? err.name ?? 'unknown', status: err.$metadata?.httpStatusCode, message: err.message ?? '' };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
