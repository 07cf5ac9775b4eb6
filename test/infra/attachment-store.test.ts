import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../infra/constructs/attachment-store.ts';
import { TrackerStack } from '../../infra/stack.ts';
import { templateOf, testApp } from './support.ts';

describe('AttachmentStore', () => {
  const { template } = templateOf((stack) => {
    const store = new AttachmentStore(stack, 'Attachments');
    const fn = new LambdaFunction(stack, 'Api', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = () => {}'),
    });
    store.bindAttachments(fn);
    return store;
  });
  const buckets = template.findResources('AWS::S3::Bucket');
  const attachmentBucket = Object.entries(buckets).find(([id]) => id.includes('Bucket'));

  it('keeps the files private, encrypted, versioned and retained', () => {
    expect(attachmentBucket).toBeDefined();
    const [, bucket] = attachmentBucket as [string, Record<string, never>];
    expect(bucket).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        // Every request is logged, to the second bucket.
        LoggingConfiguration: {
          DestinationBucketName: { Ref: expect.stringMatching(/^AttachmentsAccessLogs/) },
        },
      },
    });
  });

  it('refuses every request without TLS, on both buckets', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('deletes uncompleted uploads after a day, unattached files after 8, old versions after 90, stray multipart parts after 1', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          Match.objectLike({
            Prefix: 'attachments/uploads/',
            ExpirationInDays: 1,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          }),
          // A day after the unattached file's record (7 days) stops letting it be attached.
          Match.objectLike({
            Prefix: 'attachments/files/',
            TagFilters: [{ Key: 'state', Value: 'unbound' }],
            ExpirationInDays: 8,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          }),
          Match.objectLike({
            NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            ExpiredObjectDeleteMarker: true,
          }),
        ]),
      },
    });
  });

  it('lets browsers PUT and GET with the presigned URLs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['PUT', 'GET'],
            AllowedHeaders: ['Content-Type'],
          }),
        ],
      },
    });
  });

  it('grants the API PutObject, GetObject and PutObjectTagging on the attachments prefix, ListBucket for that prefix only, and nothing else of S3', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const s3 = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    expect(s3).toHaveLength(2);
    const [objects, listing] = s3;
    expect([objects.Action].flat().sort()).toEqual([
      's3:GetObject',
      's3:PutObject',
      's3:PutObjectTagging',
    ]);
    expect(JSON.stringify(objects.Resource)).toMatch(/\/attachments\/\*"/);
    expect(objects.Condition).toBeUndefined();
    // Listing lets S3 answer a missing upload 404 rather than 403; only the attachments' keys.
    expect(listing).toMatchObject({
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AttachmentsBucket/), 'Arn'] },
      Condition: { StringLike: { 's3:prefix': 'attachments/*' } },
    });
  });
});

describe('the stack', () => {
  it('tells the API function its bucket, and only the API function gets to it', () => {
    const template = Template.fromStack(new TrackerStack(testApp(), 'GcmFollowUp'));
    const withBucket = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.ATTACHMENT_BUCKET,
    );
    expect(withBucket).toHaveLength(1);
    expect(withBucket[0]?.Properties.Description).toBe('The HTTP API (hono)');
    const s3 = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    expect(s3.map((s) => [s.Action].flat().sort())).toEqual([
      ['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging'],
      ['s3:ListBucket'],
    ]);
  });
});
