/**
 * aws_iam_policy_document rendering, checked against the provider's rules
 * (hashicorp/terraform-provider-aws internal/service/iam/policy_model.go: one-element sets become strings, sets are
 * reverse-sorted, `{"*": ["*"]}` becomes "*", condition values keep their order, MarshalIndent with two spaces).
 */
import { describe, expect, it } from 'vitest';
import { PolicyDocumentError, renderPolicyDocument } from './policy-document.js';

describe('renderPolicyDocument', () => {
  it('renders the docs example exactly like the provider (indented json, reverse-sorted sets, single values as strings)', () => {
    const out = renderPolicyDocument({
      statement: [
        { sid: '1', actions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation'], resources: ['arn:aws:s3:::*'] },
        {
          actions: ['s3:ListBucket'],
          resources: ['arn:aws:s3:::bucket'],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['', 'home/', 'home/&{aws:username}/'] }],
        },
      ],
    });
    expect(out.json).toBe(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::bucket",
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "",
            "home/",
            "home/\${aws:username}/"
          ]
        }
      }
    }
  ]
}`);
    expect(out.minified_json).toBe(JSON.stringify(JSON.parse(out.json)));
    expect(out.id).toMatch(/^\d+$/);
  });

  it('renders principals: "*" for type * with ["*"], merged and reverse-sorted identifiers per type, keys sorted', () => {
    const star = JSON.parse(renderPolicyDocument({ statement: [{ actions: ['s3:*'], principals: [{ type: '*', identifiers: ['*'] }] }] }).json);
    expect(star.Statement[0].Principal).toBe('*');
    const many = JSON.parse(
      renderPolicyDocument({
        statement: [
          {
            effect: 'Deny',
            actions: ['kms:Decrypt'],
            principals: [
              { type: 'Service', identifiers: ['codepipeline.amazonaws.com'] },
              { type: 'AWS', identifiers: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:root'] },
              { type: 'AWS', identifiers: ['333333333333'] },
            ],
          },
        ],
      }).json,
    );
    expect(Object.keys(many.Statement[0].Principal)).toEqual(['AWS', 'Service']);
    expect(many.Statement[0].Principal).toEqual({
      AWS: ['arn:aws:iam::222222222222:root', 'arn:aws:iam::111111111111:root', '333333333333'],
      Service: 'codepipeline.amazonaws.com',
    });
    expect(many.Statement[0].Effect).toBe('Deny');
  });

  it('escapes <, > and & like Go, and honours policy_id and version', () => {
    const out = renderPolicyDocument({ version: '2008-10-17', policy_id: 'p1', statement: [{ actions: ['a:<b>&c'] }] });
    expect(out.json).toContain('"Id": "p1"');
    expect(out.json).toContain('"Version": "2008-10-17"');
    expect(out.json).toContain('"Action": "a:\\u003cb\\u003e\\u0026c"');
  });

  it('merges source and override documents by Sid', () => {
    const out = JSON.parse(
      renderPolicyDocument({
        source_policy_documents: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })],
        statement: [{ sid: 'B', actions: ['s3:PutObject'], resources: ['*'] }],
        override_policy_documents: [JSON.stringify({ Statement: [{ Sid: 'A', Effect: 'Deny', Action: ['s3:GetObject'], Resource: '*' }] })],
      }).json,
    );
    expect(out.Statement).toEqual([
      { Sid: 'A', Effect: 'Deny', Action: ['s3:GetObject'], Resource: '*' },
      { Sid: 'B', Effect: 'Allow', Action: 's3:PutObject', Resource: '*' },
    ]);
  });

  it('accepts a Sid with spaces, as the provider does since 5.84 (hashicorp/terraform-provider-aws#40639)', () => {
    const doc = renderPolicyDocument({ statement: [{ sid: 'Enable IAM User Permissions', actions: ['kms:*'], resources: ['*'] }] });
    expect(JSON.parse(doc.json).Statement[0].Sid).toBe('Enable IAM User Permissions');
  });

  it('rejects what the provider rejects, with its wording', () => {
    expect(() => renderPolicyDocument({ statement: [{ sid: 'A' }, { sid: 'A' }] })).toThrow(
      'writing IAM Policy Document: duplicate Sid (A). Remove the Sid or ensure the Sid is unique.',
    );
    expect(() => renderPolicyDocument({ statement: [{ effect: 'Maybe' }] })).toThrow('expected statement effect to be one of ["Allow" "Deny"], got Maybe');
  });
});
