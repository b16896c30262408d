/**
 * GenerateRandom: random bytes from no key, authorized as kms:GenerateRandom on "*".
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateRandom.html
 * Refusals as recorded against real AWS (localstack tests/aws/services/kms/test_kms.snapshot.json,
 * test_generate_random_invalid_number_of_bytes[None|0|1025], AWS-validated 2023-04): no NumberOfBytes is
 * ValidationException "NumberOfBytes is required."; 0 and 1025 are Coral's range refusals at 'numberOfBytes'.
 * Known deviation: CustomKeyStoreId and Recipient (Nitro enclave attestation) are ignored.
 */
import { randomBytes } from 'node:crypto';
import { ValidationException } from './errors.js';
import { plainCheck } from './key-auth.js';
import type { KmsOperation } from './operation-names.js';
import { integer } from './params.js';

const GenerateRandom: KmsOperation<'GenerateRandom', number> = {
  resolve(_ctx, input) {
    const n = integer('NumberOfBytes', input.NumberOfBytes, { min: 1, max: 1024 });
    if (n === undefined) throw ValidationException.message('NumberOfBytes is required.');
    return n;
  },
  authorize: (ctx) => plainCheck(ctx, 'GenerateRandom', '*'),
  handler: (_ctx, _input, n) => ({ Plaintext: randomBytes(n) }),
};

export const randomOperations = { GenerateRandom };
