/**
 * The Lambda operations xacct implements; `Known` refuses a name the SDK's Lambda client does not know.
 */
import type * as sdk from '@aws-sdk/client-lambda';

type SdkLambdaOperationName = {
  [K in keyof typeof sdk]: K extends `${infer Op}Command` ? (Op extends 'Lambda' ? never : Op) : never;
}[keyof typeof sdk];

type Known<T extends SdkLambdaOperationName> = T;

export type LambdaOperationName = Known<'CreateFunction' | 'GetFunction' | 'DeleteFunction' | 'AddPermission' | 'RemovePermission' | 'GetPolicy' | 'Invoke'>;
