/**
 * A world holding stacks can be copied (harness/world/snapshot.ts), as the runner copies an applied setup for each
 * scenario: a settled stack holds no promise, the copy answers DescribeStacks as the original did, and a stack
 * operation in the copy runs there without touching the original. While an operation runs, the copy is refused
 * (NotCopyable) rather than holding a stack that would never leave its *_IN_PROGRESS state.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../index.js';
import { copyWorld, NotCopyable } from '../../world/snapshot.js';
import { startOperation } from './provision.js';
import { cloudFormationStore } from './store.js';
import { A, settle } from './test-fixtures.js';

const template = (description: string) =>
  JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { Description: description } } }, Outputs: { D: { Value: description } } });

describe('copying a world that holds stacks', () => {
  it('copies settled stacks, and an update in the copy stays there', async () => {
    await using emu = await startEmulator();
    const cfn = new CloudFormationClient(emu.clientConfig(A));
    await cfn.send(new CreateStackCommand({ StackName: 'copied', TemplateBody: template('first') }));
    expect((await settle(cfn, 'copied')).StackStatus).toBe('CREATE_COMPLETE');

    const original = emu.emulator.world;
    const copy = copyWorld(original);
    emu.emulator.world = copy;
    expect((await settle(cfn, 'copied')).Outputs).toEqual([{ OutputKey: 'D', OutputValue: 'first' }]);
    await cfn.send(new UpdateStackCommand({ StackName: 'copied', TemplateBody: template('second') }));
    const updated = await settle(cfn, 'copied');
    expect({ status: updated.StackStatus, outputs: updated.Outputs }).toEqual({ status: 'UPDATE_COMPLETE', outputs: [{ OutputKey: 'D', OutputValue: 'second' }] });

    emu.emulator.world = original;
    const kept = (await cfn.send(new DescribeStacksCommand({ StackName: 'copied' }))).Stacks![0]!;
    expect({ status: kept.StackStatus, outputs: kept.Outputs }).toEqual({ status: 'CREATE_COMPLETE', outputs: [{ OutputKey: 'D', OutputValue: 'first' }] });
  });

  it('refuses a copy while a stack operation runs, and copies again once it is over', async () => {
    await using emu = await startEmulator();
    const cfn = new CloudFormationClient(emu.clientConfig(A));
    await cfn.send(new CreateStackCommand({ StackName: 'busy', TemplateBody: template('busy') }));
    await settle(cfn, 'busy');
    const stack = cloudFormationStore(emu.emulator.world.account(A)!, emu.region).find('busy')!;
    let finish = () => {};
    startOperation(stack, 'UPDATE_ROLLBACK_FAILED', () => new Promise<void>((resolve) => (finish = resolve)));
    expect(() => copyWorld(emu.emulator.world)).toThrow(NotCopyable);
    expect(() => copyWorld(emu.emulator.world)).toThrow(/\.operation is a Promise$/);
    // The operation starts after the operations before it (none here), on a later tick.
    await new Promise((r) => setImmediate(r));
    finish();
    await new Promise((r) => setImmediate(r));
    expect(stack.operation).toBeUndefined();
    expect(() => copyWorld(emu.emulator.world)).not.toThrow();
  });
});
