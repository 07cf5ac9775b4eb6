import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ATTACHMENT_STATE_TAG,
  attachmentFileKeys,
  PENDING_ATTACHMENT_DAYS,
  UNBOUND_ATTACHMENT_DAYS,
} from '#core';

export interface AttachmentStoreProps {
  /**
   * Origins whose pages may upload and download with the presigned URLs (browser CORS). Any by
   * default: a URL is itself the credential, and lives minutes; name the web app's once it exists.
   */
  allowedOrigins?: string[];
}

/**
 * Where attachments' bytes live: a private bucket that clients reach only through presigned URLs
 * the API hands out. Encrypted, TLS only, versioned and retained; uploads never completed are
 * deleted after a day, completed files never attached after a week; every request is logged to
 * a second bucket.
 */
export class AttachmentStore extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: AttachmentStoreProps = {}) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging writes only to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(365) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        "This is the attachment bucket's access-log target; logging it into itself would loop, and into a third bucket would only move the question.",
    });

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'attachments/',
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
          allowedOrigins: props.allowedOrigins ?? ['*'],
          allowedHeaders: ['Content-Type'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          // Declared uploads live as long as their PENDING records; completion copies the bytes out.
          id: 'expire-uncompleted-uploads',
          prefix: attachmentFileKeys.uploadPrefix,
          expiration: Duration.days(PENDING_ATTACHMENT_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          // Completed files stay tagged state=unbound until attached. Their records expire
          // UNBOUND_ATTACHMENT_DAYS after completion, and from then on can no longer be bound;
          // the bytes go a day later, so that S3's rounding to midnight UTC never takes a file
          // from a record that may still be bound.
          id: 'expire-unbound-files',
          prefix: attachmentFileKeys.filePrefix,
          tagFilters: { [ATTACHMENT_STATE_TAG.key]: ATTACHMENT_STATE_TAG.unbound },
          expiration: Duration.days(UNBOUND_ATTACHMENT_DAYS + 1),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          // A file overwritten or deleted by mistake can be restored for 90 days.
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(90),
          expiredObjectDeleteMarker: true,
        },
      ],
    });
  }

  /**
   * Lets a function hand out upload and download URLs, check and keep uploads, and mark a file
   * attached: PutObject, GetObject and PutObjectTagging on the attachments' keys, and ListBucket
   * for their prefix only; no deletion. Tells it the bucket.
   */
  bindAttachments(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    const objects = `${attachmentFileKeys.prefix}*`;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:PutObjectTagging'],
        resources: [this.bucket.arnForObjects(objects)],
      }),
    );
    // Without ListBucket S3 answers HeadObject on a missing key with 403, not 404, and an upload
    // not made yet (or expired) would look like a permission fault. S3 decides that 403 or 404
    // with the object's key as s3:prefix, so listing can stay confined to the attachments.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': objects } },
      }),
    );
    fn.addEnvironment('ATTACHMENT_BUCKET', this.bucket.bucketName);
    const stack = Stack.of(this);
    const bucket = stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as CfnElement));
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${objects}]`,
        reason:
          'Objects are named by attachment ids made at run time; the grant is PutObject, GetObject and PutObjectTagging under the attachments prefix only.',
      });
    }
  }
}
