/**
 * KMS state per account and region: keys (with their key policy, backing key material and grants) and aliases.
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html
 * Keys live in `account.store('kms', region, …)`; a key is addressed from other accounts by its ARN.
 * Material per KeySpec comes from key-material.ts (AES, HMAC keys, RSA and ECC pairs).
 * Known deviations: SM2 and ML_DSA keys carry no material; automatic rotation never runs; keys scheduled for deletion
 * are never actually deleted.
 */
import type { Account, World } from '../../world/world.js';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

export interface GrantRecord {
  GrantId: string;
  GrantToken: string;
  Name?: string;
  KeyArn: string;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  IssuingAccount: string;
  Operations: string[];
  Constraints?: { EncryptionContextSubset?: Record<string, string>; EncryptionContextEquals?: Record<string, string> };
  CreationDate: Date;
}

export interface KeyRecord {
  KeyId: string;
  Arn: string;
  account: string;
  region: string;
  Description: string;
  KeyUsage: string;
  KeySpec: string;
  KeyState: KeyState;
  KeyManager: 'CUSTOMER' | 'AWS';
  Origin: 'AWS_KMS';
  MultiRegion: boolean;
  CreationDate: Date;
  DeletionDate?: Date;
  PendingDeletionWindowInDays?: number;
  /** The key policy exactly as stored (GetKeyPolicy returns this text). */
  Policy: string;
  Tags: Array<{ TagKey: string; TagValue: string }>;
  /** Symmetric (AES-256) or HMAC key material; absent for asymmetric specs and those we do not implement. */
  material?: Buffer;
  /** The id DescribeKey reports as CurrentKeyMaterialId (symmetric keys; 64 hex digits, as AWS's). */
  materialId?: string;
  /** Symmetric material replaced by rotation: what ciphertexts sealed before a rotation still open with. */
  previousMaterials?: Buffer[];
  /** Asymmetric key pair: the private key as PKCS#8 DER, the public key as SubjectPublicKeyInfo DER (GetPublicKey). */
  privateKey?: Buffer;
  publicKey?: Buffer;
  /** Automatic rotation (EnableKeyRotation): the period in days and the next date. */
  rotation?: { periodDays: number; nextRotationDate: Date };
  /** Completed rotations, oldest first (ListKeyRotations). */
  rotations?: Array<{ KeyMaterialId: string; RotationDate: Date; RotationType: 'AUTOMATIC' | 'ON_DEMAND' }>;
  /** Multi-Region keys: the primary key and its replicas (ARN and Region). */
  multiRegion?: { type: 'PRIMARY' | 'REPLICA'; primary: { Arn: string; Region: string }; replicas: Array<{ Arn: string; Region: string }> };
  grants: GrantRecord[];
}

export interface AliasRecord {
  AliasName: string;
  AliasArn: string;
  TargetKeyId: string;
  CreationDate: Date;
  LastUpdatedDate: Date;
}

export interface KmsStore {
  keys: Map<string, KeyRecord>;
  aliases: Map<string, AliasRecord>;
}

export function kmsStore(account: Account, region: string): KmsStore {
  return account.store<KmsStore>('kms', region, () => ({ keys: new Map(), aliases: new Map() }));
}

export function kmsStoreOf(world: World, accountId: string, region: string): KmsStore | undefined {
  const account = world.account(accountId);
  return account ? kmsStore(account, region) : undefined;
}

export function keyArnOf(region: string, account: string, keyId: string): string {
  return `arn:aws:kms:${region}:${account}:key/${keyId}`;
}

export function aliasArnOf(region: string, account: string, aliasName: string): string {
  return `arn:aws:kms:${region}:${account}:${aliasName}`;
}
