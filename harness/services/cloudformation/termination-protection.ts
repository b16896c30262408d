/**
 * UpdateTerminationProtection: sets a stack's termination protection, which DeleteStack then refuses to go past
 * ("Stack [<name>] cannot be deleted while TerminationProtection is enabled", 400 ValidationError, as AWS answered
 * in https://github.com/ekristen/aws-nuke/issues/821). DescribeStacks shows it as EnableTerminationProtection
 * (recorded in LocalStack's AWS-validated test_stacks.snapshot.json, test_update_termination_protection).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateTerminationProtection.html
 * Known deviation: the wording for a stack that does not exist is not recorded; "Stack [<name>] does not exist" is
 * what the other calls naming a stack answer.
 */
import type { UpdateTerminationProtectionCommandInput, UpdateTerminationProtectionCommandOutput } from '@aws-sdk/client-cloudformation';
import type { Operation, Out } from '../types.js';
import { stackDoesNotExist, stackRef } from './input.js';
import type { CloudFormationOperations } from './operation-names.js';
import { findStack, stackResource } from './stacks.js';
import type { StackRecord } from './store.js';
import { ValidationError } from './errors.js';

const UpdateTerminationProtection: Operation<UpdateTerminationProtectionCommandInput, Out<UpdateTerminationProtectionCommandOutput>> = {
  authorize: (ctx, input) => ({ action: 'cloudformation:UpdateTerminationProtection', resource: stackResource(ctx, input.StackName) }),
  handler(ctx, input) {
    const stack = findStack(ctx, stackRef(input), stackDoesNotExist);
    stack.terminationProtection = input.EnableTerminationProtection ?? false;
    return { StackId: stack.stackId };
  },
};

/** DeleteStack's refusal for a protected stack, named as the caller named it. */
export function assertDeletable(stack: StackRecord, ref: string): void {
  if (stack.terminationProtection) throw ValidationError(`Stack [${ref}] cannot be deleted while TerminationProtection is enabled`);
}

export const terminationProtectionOperations = { UpdateTerminationProtection } satisfies CloudFormationOperations<'UpdateTerminationProtection'>;
