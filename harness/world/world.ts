/**
 * The simulated AWS: accounts -> regions -> service stores, plus credentials and sessions.
 * IAM is global per account (store region 'global'); S3 bucket names are global across accounts (world globals).
 */
import { CredentialStore } from './credentials.js';
import { rootPrincipal } from './principal.js';
import { isAccountId } from './ids.js';

export interface AccountSpec {
  name: string;
  id: string;
}

export const DEFAULT_ACCOUNTS: AccountSpec[] = [
  { name: 'pipeline', id: '111111111111' },
  { name: 'target', id: '222222222222' },
];

export const ROOT_SECRET = 'test';

export class Account {
  private readonly stores = new Map<string, unknown>();

  constructor(
    readonly id: string,
    readonly name: string,
  ) {}

  /** The state one service keeps in this account and region ('global' for IAM). */
  store<T>(service: string, region: string, create: () => T): T {
    const key = `${service}/${region}`;
    let s = this.stores.get(key) as T | undefined;
    if (s === undefined) {
      s = create();
      this.stores.set(key, s);
    }
    return s;
  }
}

export class World {
  readonly accounts = new Map<string, Account>();
  readonly credentials = new CredentialStore();
  private readonly globals = new Map<string, unknown>();

  constructor(
    specs: AccountSpec[] = DEFAULT_ACCOUNTS,
    readonly defaultRegion = 'us-east-1',
  ) {
    if (specs.length === 0) throw new Error('a world needs at least one account');
    for (const spec of specs) this.addAccount(spec);
    const first = specs[0]!;
    this.credentials.put({
      accessKeyId: 'test',
      secretAccessKey: ROOT_SECRET,
      principal: rootPrincipal(first.id),
      createDate: new Date(0),
    });
  }

  addAccount(spec: AccountSpec): Account {
    if (!isAccountId(spec.id)) throw new Error(`account id must be 12 digits: ${spec.id}`);
    if (this.accounts.has(spec.id)) throw new Error(`duplicate account id ${spec.id}`);
    const account = new Account(spec.id, spec.name);
    this.accounts.set(spec.id, account);
    this.credentials.put({
      accessKeyId: spec.id,
      secretAccessKey: ROOT_SECRET,
      principal: rootPrincipal(spec.id),
      createDate: new Date(0),
    });
    return account;
  }

  account(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  accountByName(name: string): Account | undefined {
    for (const a of this.accounts.values()) if (a.name === name) return a;
    return undefined;
  }

  /** State shared by all accounts, e.g. the S3 bucket namespace. */
  global<T>(key: string, create: () => T): T {
    let s = this.globals.get(key) as T | undefined;
    if (s === undefined) {
      s = create();
      this.globals.set(key, s);
    }
    return s;
  }

  specs(): AccountSpec[] {
    return [...this.accounts.values()].map((a) => ({ name: a.name, id: a.id }));
  }
}

/** Parses `--accounts name=id,name=id`. */
export function parseAccounts(text: string): AccountSpec[] {
  const specs = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((pair) => {
      const [name, id] = pair.split('=').map((s) => s.trim());
      if (!name || !id) throw new Error(`expected name=id, got "${pair}"`);
      if (!isAccountId(id)) throw new Error(`account id for ${name} must be 12 digits, got "${id}"`);
      return { name, id };
    });
  if (specs.length === 0) throw new Error('no accounts given');
  return specs;
}
