/**
 * Creating key records and rendering them as KeyMetadata.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
 * Shape as recorded against real AWS (localstack tests/aws/services/kms/test_kms.snapshot.json, test_create_key):
 * AWSAccountId, Arn, CreationDate, CustomerMasterKeySpec, Description, Enabled, EncryptionAlgorithms, KeyId,
 * KeyManager, KeySpec, KeyState, KeyUsage, MultiRegion, Origin (+ DeletionDate / PendingDeletionWindowInDays), and
 * CurrentKeyMaterialId for symmetric keys (test_create_key, 2025-11); a multi-Region key's MultiRegionConfiguration
 * (PRIMARY, PrimaryKey Arn and Region, ReplicaKeys) as test_create_multi_region_key recorded, none on other keys
 * (test_non_multi_region_keys_should_not_have_multi_region_properties).
 */
import { randomUUID } from 'node:crypto';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import { materialFor } from './key-material.js';
import { SIGNING } from './signing.js';
import { keyArnOf, kmsStore, type KeyRecord } from './store.js';
import type { Account } from '../../world/world.js';

export interface NewKey {
  KeyId?: string;
  Description?: string;
  KeyUsage?: string;
  KeySpec?: string;
  Policy: string;
  Tags?: Array<{ TagKey: string; TagValue: string }>;
  KeyManager?: 'CUSTOMER' | 'AWS';
  MultiRegion?: boolean;
  CreationDate: Date;
}

export function createKeyRecord(account: Account, region: string, spec: NewKey): KeyRecord {
  const KeyId = spec.KeyId ?? randomUUID();
  const KeySpec = spec.KeySpec ?? 'SYMMETRIC_DEFAULT';
  const key: KeyRecord = {
    KeyId,
    Arn: keyArnOf(region, account.id, KeyId),
    account: account.id,
    region,
    Description: spec.Description ?? '',
    KeyUsage: spec.KeyUsage ?? 'ENCRYPT_DECRYPT',
    KeySpec,
    KeyState: 'Enabled',
    KeyManager: spec.KeyManager ?? 'CUSTOMER',
    Origin: 'AWS_KMS',
    MultiRegion: spec.MultiRegion ?? false,
    CreationDate: spec.CreationDate,
    Policy: spec.Policy,
    Tags: spec.Tags ?? [],
    ...materialFor(KeySpec),
    ...(spec.MultiRegion ? { multiRegion: { type: 'PRIMARY' as const, primary: { Arn: keyArnOf(region, account.id, KeyId), Region: region }, replicas: [] } } : {}),
    grants: [],
  };
  kmsStore(account, region).keys.set(KeyId, key);
  return key;
}


export function keyMetadata(key: KeyRecord): KeyMetadata {
  const m: KeyMetadata = {
    AWSAccountId: key.account,
    KeyId: key.KeyId,
    Arn: key.Arn,
    CreationDate: key.CreationDate,
    Enabled: key.KeyState === 'Enabled',
    Description: key.Description,
    KeyUsage: key.KeyUsage as KeyMetadata['KeyUsage'],
    KeyState: key.KeyState,
    Origin: key.Origin,
    KeyManager: key.KeyManager,
    ...(key.materialId ? { CurrentKeyMaterialId: key.materialId } : {}),
    CustomerMasterKeySpec: key.KeySpec as KeyMetadata['CustomerMasterKeySpec'],
    KeySpec: key.KeySpec as KeyMetadata['KeySpec'],
    MultiRegion: key.MultiRegion,
  };
  if (key.multiRegion) {
    const { type, primary, replicas } = key.multiRegion;
    m.MultiRegionConfiguration = { MultiRegionKeyType: type, PrimaryKey: { ...primary }, ReplicaKeys: replicas.map((r) => ({ ...r })) };
  }
  if (key.KeyUsage === 'ENCRYPT_DECRYPT') {
    m.EncryptionAlgorithms = key.KeySpec === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
  }
  if (key.KeyUsage === 'SIGN_VERIFY') {
    m.SigningAlgorithms = [...(SIGNING[key.KeySpec] ?? [])];
  }
  if (key.KeyUsage === 'GENERATE_VERIFY_MAC') {
    m.MacAlgorithms = [`HMAC_SHA_${key.KeySpec.slice('HMAC_'.length)}`] as KeyMetadata['MacAlgorithms'];
  }
  if (key.KeyState === 'PendingDeletion') {
    m.DeletionDate = key.DeletionDate;
    m.PendingDeletionWindowInDays = key.PendingDeletionWindowInDays;
  }
  return m;
}
