/**
 * The template service's operations: PutNote stores a note (with an optional resource policy) in the caller's
 * account and Region; GetNote reads one by name or, from any account, by ARN.
 * Not an AWS service: a real operation file's header links the API reference of its operations and lists what it
 * does not emulate. The pattern each entry follows is the project's: `resolve` reads the parameters and looks up
 * once what the authorization and the handler both need (its errors come before any authorization, as AWS's do);
 * `authorize` declares the IAM check (action, resource, the resource's policy); the handler only does the work.
 * Known deviations: none (there is no AWS behaviour to deviate from).
 */
import { validatePolicy, type PolicyDialect } from '../../iam/index.js';
import { policyRefusal } from '../param-errors.js';
import { str } from '../params.js';
import type { Operation, OperationContext } from '../types.js';
import { NotFoundException } from './errors.js';
import { noteArn, noteByArn, notesStore, SERVICE, type Note } from './store.js';

/**
 * Inputs and outputs as the SDK would type them. A service that mirrors an SDK client imports them instead
 * (`import type { PutNoteCommandInput, PutNoteCommandOutput } from '@aws-sdk/client-x'`, outputs as
 * `Out<PutNoteCommandOutput>`), and its definition's `model` makes the protocol coerce the wire into them.
 */
export type PutNoteInput = { NoteName?: string; Text?: string; Policy?: string };
export type PutNoteOutput = { NoteArn?: string };
export type GetNoteInput = { NoteId?: string };
export type GetNoteOutput = { NoteArn?: string; Text?: string; CreationDate?: Date };

const NOTE_NAME = { required: true, min: 1, max: 64, pattern: /^[\w.-]+$/, patternText: '^[\\w.-]+$' } as const;

/** Resource policies are validated as a service validates them when they are written (kms/policy-dialect.ts). */
const NOTE_POLICY_DIALECT: PolicyDialect = {
  malformed: { code: 'MalformedPolicyDocumentException', status: 400 },
  word: () => 'The policy document is malformed.',
  conditionValues: { date: true, numeric: true, sourceIpUnderAnyOperator: false },
  trustRules: false,
};

function callerAccount(ctx: OperationContext): string {
  return ctx.principal.account ?? '';
}

export const PutNote: Operation<PutNoteInput, PutNoteOutput, Note> = {
  resolve(ctx, input) {
    const name = str('ValidationException', input, 'NoteName', NOTE_NAME);
    const Text = str('ValidationException', input, 'Text', { required: true, max: 1024 });
    const Policy = str('ValidationException', input, 'Policy', { min: 1, max: 20480 });
    if (Policy !== undefined) {
      const failure = validatePolicy(Policy, NOTE_POLICY_DIALECT, 'resource');
      if (failure) throw policyRefusal(failure);
    }
    const account = callerAccount(ctx);
    return { Name: name, Arn: noteArn(ctx.region, account, name), account, Text, Policy, CreationDate: ctx.now() };
  },
  authorize: (_ctx, _input, note) => ({ action: `${SERVICE}:PutNote`, resource: note.Arn }),
  handler(ctx, _input, note) {
    notesStore(ctx.world.account(note.account)!, ctx.region).notes.set(note.Name, note);
    return { NoteArn: note.Arn };
  },
};

export const GetNote: Operation<GetNoteInput, GetNoteOutput, Note> = {
  // A note that does not exist is answered before any authorization, in the caller's account or another's.
  resolve(ctx, input) {
    const id = str('ValidationException', input, 'NoteId', { required: true, min: 1, max: 2048 });
    const arn = id.startsWith('arn:') ? id : noteArn(ctx.region, callerAccount(ctx), id);
    const note = noteByArn(ctx.world, arn);
    if (!note) throw NotFoundException(arn);
    return note;
  },
  // Across accounts both the caller's identity policy and the note's policy must allow (harness/iam/evaluate.ts).
  authorize: (_ctx, _input, note) => ({
    action: `${SERVICE}:GetNote`,
    resource: note.Arn,
    resourceAccount: note.account,
    resourcePolicy: note.Policy === undefined ? undefined : { kind: 'other', name: `resource policy of ${note.Arn}`, document: note.Policy },
  }),
  handler: (_ctx, _input, note) => ({ NoteArn: note.Arn, Text: note.Text, CreationDate: note.CreationDate }),
};
