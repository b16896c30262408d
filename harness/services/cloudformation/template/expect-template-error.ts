/**
 * Test helper: asserts a call fails the way CloudFormation fails it (error code, HTTP status, message).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html
 */
import { expect } from 'vitest';
import { isAwsError } from '../../../core/errors.js';

export function expectAwsError(fn: () => unknown, code: string, status: number, message: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(isAwsError(thrown), `expected an AwsError, got ${String(thrown)}`).toBe(true);
  if (!isAwsError(thrown)) return;
  expect({ code: thrown.code, status: thrown.status, type: thrown.type, message: thrown.message }).toEqual({
    code, status, type: 'Sender', message,
  });
}

export function expectValidationError(fn: () => unknown, message: string): void {
  expectAwsError(fn, 'ValidationError', 400, message);
}
