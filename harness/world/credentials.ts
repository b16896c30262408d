/**
 * Credentials the emulator accepts, and the principal each one stands for.
 * Root keys follow LocalStack's convention so existing scripts work: access key id = account id, secret `test`;
 * `test`/`test` is the first account's root. IAM user keys (AKIA…) and STS session keys (ASIA… + token) are
 * issued by the IAM and STS services and registered here.
 */
import type { Principal } from './principal.js';

export interface CredentialRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  principal: Principal;
  /** IAM access keys can be deactivated. */
  status?: 'Active' | 'Inactive';
  createDate: Date;
}

export class CredentialStore {
  private readonly byKey = new Map<string, CredentialRecord>();

  put(record: CredentialRecord): void {
    this.byKey.set(record.accessKeyId, record);
  }

  get(accessKeyId: string): CredentialRecord | undefined {
    return this.byKey.get(accessKeyId);
  }

  delete(accessKeyId: string): boolean {
    return this.byKey.delete(accessKeyId);
  }

  /** All keys whose principal matches, e.g. a user's access keys. */
  list(predicate: (r: CredentialRecord) => boolean): CredentialRecord[] {
    return [...this.byKey.values()].filter(predicate);
  }
}
