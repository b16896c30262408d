/**
 * Every operation the IAM service declares is the subject of one IAM test file, and each file proves at run time
 * that it sent every operation of its subject (test-fixtures.ts SUBJECTS, expectSubjectExercised).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html
 */
import { describe, expect, it } from 'vitest';
import { iamService } from './service.js';
import { SUBJECTS } from './test-fixtures.js';

describe('IAM test coverage', () => {
  it('covers every operation the IAM service declares', () => {
    const listed: string[] = Object.values(SUBJECTS).flat();
    expect(listed.filter((op) => !Object.hasOwn(iamService.operations, op))).toEqual([]);
    expect(Object.keys(iamService.operations).filter((op) => !listed.includes(op)).sort()).toEqual([]);
    expect(listed.filter((op, i) => listed.indexOf(op) !== i)).toEqual([]);
  });
});
