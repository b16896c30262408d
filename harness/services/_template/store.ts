/**
 * The template service's state: notes, kept per account and Region as AWS keeps most regional resources.
 * Not an AWS service: CONTRIBUTING.md's recipe copies this folder. A real store's header names the AWS concept it
 * mirrors with a doc link (kms/store.ts: https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html).
 * `account.store(service, region, create)` gives each account and Region its own state; names that are global
 * across accounts (S3 buckets) live in `world.global(...)`, and IAM, global per account, uses the Region 'global'.
 * Maps, never plain objects, so a name from a request cannot reach a prototype.
 * Known deviations: none (there is no AWS behaviour to deviate from).
 */
import type { Account, World } from '../../world/world.js';

/** The SigV4 signing name, the IAM action prefix and the ARN service: no AWS service is called this. */
export const SERVICE = 'xacct-template';

export interface Note {
  Name: string;
  Arn: string;
  account: string;
  Text: string;
  /** The note's resource policy as given (JSON text); without one, only the note's own account reaches it. */
  Policy?: string;
  CreationDate: Date;
}

export interface NotesStore {
  notes: Map<string, Note>;
}

export function notesStore(account: Account, region: string): NotesStore {
  return account.store<NotesStore>(SERVICE, region, () => ({ notes: new Map() }));
}

export function noteArn(region: string, account: string, name: string): string {
  return `arn:aws:${SERVICE}:${region}:${account}:note/${name}`;
}

const NOTE_ARN = new RegExp(`^arn:aws:${SERVICE}:([a-z0-9-]+):(\\d{12}):note/(.+)$`);

/** The note an ARN names, in whichever account and Region holds it. */
export function noteByArn(world: World, arn: string): Note | undefined {
  const m = NOTE_ARN.exec(arn);
  const account = m ? world.account(m[2]!) : undefined;
  return account ? notesStore(account, m![1]!).notes.get(m![3]!) : undefined;
}
