/**
 * Test helpers: run an SDK call that must fail and return the AWS error's code, HTTP status and message, so every
 * negative test can assert all three; or the request id the client saw, to read the emulator's explanation by it.
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

/** The request id of an SDK call that must fail, as the client saw it (for `emulator.explain`). */
export async function refusedRequestId(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    const id = (e as { $metadata?: { requestId?: string } }).$metadata?.requestId;
    if (!id) throw new Error('the refusal carries no request id');
    return id;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
