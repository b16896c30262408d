/**
 * A stack's outputs and exports: outputs are resolved once the stack's resources exist, an export name is unique
 * per account and Region (a name another stack exports fails the operation), and a stack's exports go with it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html
 * Wording "Export with name X is already exported by stack Y" as CloudFormation reports it in the stack's status
 * reason. Refusing to delete an export another stack imports is DeleteStack's check (stack-operations.ts).
 */
import { failureText, resolver } from './resource-context.js';
import type { ProvisionEnv } from './provision.js';
import type { StackRecord } from './store.js';
import type { PreparedStack } from './template/index.js';

/** Publishes outputs and exports; returns the failure reason when an export name is taken by another stack. */
export function publishOutputs(env: ProvisionEnv, stack: StackRecord, prepared: PreparedStack): string | undefined {
  let outputs;
  try {
    outputs = prepared.resolveOutputs(resolver(stack));
  } catch (e) {
    return failureText(e);
  }
  for (const o of outputs) {
    if (o.ExportName === undefined) continue;
    const existing = env.store.exports.get(o.ExportName);
    if (existing && existing.stackId !== stack.stackId) {
      const other = env.store.stacks.get(existing.stackId);
      return `Export with name ${o.ExportName} is already exported by stack ${other?.stackName ?? existing.stackId}`;
    }
  }
  removeExports(env, stack);
  for (const o of outputs) {
    if (o.ExportName !== undefined) env.store.exports.set(o.ExportName, { name: o.ExportName, value: o.OutputValue, stackId: stack.stackId });
  }
  stack.outputs = outputs;
  return undefined;
}

export function removeExports(env: ProvisionEnv, stack: StackRecord): void {
  for (const [name, e] of env.store.exports) if (e.stackId === stack.stackId) env.store.exports.delete(name);
}
