/**
 * The KMS operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html), and each one's input and output types
 * as the SDK's `<Op>Command` declares them. The operation table is keyed by this union (service.ts), so the compiler
 * refuses a missing operation, a name the SDK's KMS client does not know, and a handler reading a member its
 * `XCommandInput` does not have.
 */
import type * as Kms from '@aws-sdk/client-kms';
import type { SdkOperationName } from '../sdk-model.js';
import type { Operation, Out } from '../types.js';

/** Only names of the SDK's model fit (a misspelt or invented operation does not compile). */
type Known<T extends SdkOperationName<typeof Kms>> = T;

export type KmsOperationName = Known<
  | 'CreateKey'
  | 'DescribeKey'
  | 'ListKeys'
  | 'EnableKey'
  | 'DisableKey'
  | 'ScheduleKeyDeletion'
  | 'CancelKeyDeletion'
  | 'TagResource'
  | 'UntagResource'
  | 'ListResourceTags'
  | 'GetKeyPolicy'
  | 'PutKeyPolicy'
  | 'ListKeyPolicies'
  | 'CreateAlias'
  | 'UpdateAlias'
  | 'DeleteAlias'
  | 'ListAliases'
  | 'Encrypt'
  | 'Decrypt'
  | 'ReEncrypt'
  | 'GenerateDataKey'
  | 'GenerateDataKeyWithoutPlaintext'
  | 'CreateGrant'
  | 'ListGrants'
  | 'RevokeGrant'
  | 'RetireGrant'
  | 'UpdateKeyDescription'
  | 'GenerateRandom'
  | 'EnableKeyRotation'
  | 'DisableKeyRotation'
  | 'GetKeyRotationStatus'
  | 'RotateKeyOnDemand'
  | 'ListKeyRotations'
  | 'GetPublicKey'
  | 'Sign'
  | 'Verify'
  | 'GenerateMac'
  | 'VerifyMac'
  | 'GenerateDataKeyPair'
  | 'GenerateDataKeyPairWithoutPlaintext'
  | 'ReplicateKey'
>;

// Indexed rather than inferred (sdk-model.ts's SdkInput), so the types stay exact for an operation generic in N.
type Command<N extends KmsOperationName> = InstanceType<(typeof Kms)[`${N}Command`]>;

/** `<Op>CommandInput`. */
export type KmsInput<N extends KmsOperationName> = Command<N>['input'];

/** `<Op>CommandOutput` without the transport's `$metadata`. */
export type KmsOutput<N extends KmsOperationName> = Out<
  Command<N> extends { resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: infer O }> } ? O : never
>;

/** The declaration of operation `N`; `R` is what its `resolve` hands the checks and the handler. */
export type KmsOperation<N extends KmsOperationName, R = undefined> = Operation<KmsInput<N>, KmsOutput<N>, R>;
