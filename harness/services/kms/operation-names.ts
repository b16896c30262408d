/**
 * The KMS operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html), and each one's input and output types
 * as the SDK's `<Op>Command` declares them. The operation table is keyed by this union (service.ts), so the compiler
 * refuses a missing operation, a name the SDK's KMS client does not know, and a handler reading a member its
 * `XCommandInput` does not have.
 */
import type * as Kms from '@aws-sdk/client-kms';
import type { Operation, Out } from '../types.js';

/** Every operation of the SDK's KMS client, named as its `<Op>Command` classes are. */
type SdkKmsOperationName = { [K in keyof typeof Kms]: K extends `${infer Op}Command` ? Op : never }[keyof typeof Kms];

/** Only names of the SDK's model fit (a misspelt or invented operation does not compile). */
type Known<T extends SdkKmsOperationName> = T;

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
>;

type Command<N extends KmsOperationName> = InstanceType<(typeof Kms)[`${N}Command`]>;

/** `<Op>CommandInput`. */
export type KmsInput<N extends KmsOperationName> = Command<N>['input'];

/** `<Op>CommandOutput` without the transport's `$metadata`. */
export type KmsOutput<N extends KmsOperationName> = Out<
  Command<N> extends { resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: infer O }> } ? O : never
>;

/** The declaration of operation `N`; `R` is what its `resolve` hands the checks and the handler. */
export type KmsOperation<N extends KmsOperationName, R = undefined> = Operation<KmsInput<N>, KmsOutput<N>, R>;
