/**
 * The key policies KMS writes itself, in the layout GetKeyPolicy returns them (Jackson's default pretty printer:
 * `"Key" : value`, two-space indents per object level, arrays inline as `[ a, b ]`).
 * - Default key policy: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 * - aws/s3 (Id auto-s3-2): as GetKeyPolicy returns it, recorded by FogSecurity's aws-managed-kms-keys listing and
 *   Terraform imports of real accounts (Sid "Allow access through S3 for all principals in the account that are
 *   authorized to use S3", kms:CallerAccount + kms:ViaService; "Allow direct access to key metadata to the account").
 * A policy given by the caller is stored and returned verbatim, as KMS does.
 */

function pretty(value: unknown, level: number): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[ ${value.map((v) => pretty(v, level)).join(', ')} ]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{ }';
    const pad = '  '.repeat(level + 1);
    const body = entries.map(([k, v]) => `${pad}${JSON.stringify(k)} : ${pretty(v, level + 1)}`).join(',\n');
    return `{\n${body}\n${'  '.repeat(level)}}`;
  }
  return JSON.stringify(value);
}

export function jacksonPretty(value: unknown): string {
  return pretty(value, 0);
}

export function defaultKeyPolicy(account: string): string {
  return jacksonPretty({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });
}

export function awsS3KeyPolicy(account: string, region: string): string {
  return jacksonPretty({
    Version: '2012-10-17',
    Id: 'auto-s3-2',
    Statement: [
      {
        Sid: 'Allow access through S3 for all principals in the account that are authorized to use S3',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
        Resource: '*',
      },
    ],
  });
}
