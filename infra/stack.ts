import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PUBLIC_ROUTES, XLSX_EXPORT_ROUTES } from '#api';
import { AttachmentStore } from './constructs/attachment-store.ts';
import { HttpApi } from './constructs/http-api.ts';
import { MembershipStream } from './constructs/membership-stream.ts';
import { NoticeDelivery } from './constructs/notice-delivery.ts';
import { NoticeOutbox } from './constructs/notice-outbox.ts';
import { ReferenceData } from './constructs/reference-data.ts';
import { ReviewWorkflow } from './constructs/review-workflow.ts';
import { RollupStream } from './constructs/rollup-stream.ts';
import { SeriesTick } from './constructs/series-tick.ts';
import { ServiceFunction } from './constructs/service-function.ts';
import { SpreadsheetExports } from './constructs/spreadsheet-exports.ts';
import { TrackerTable } from './constructs/tracker-table.ts';
import { UserDirectory } from './constructs/user-directory.ts';

export interface TrackerStackProps extends StackProps {
  /** The administrator's address for workflow failures; without it they wait in the outbox. */
  adminEmail?: string | undefined;
  /**
   * The From address of the notices, on a domain verified in SES (docs/email-delivery.md).
   * Without it a placeholder keeps `cdk synth` working, and SES refuses every send.
   */
  senderEmail?: string | undefined;
  /** Verified recipients that the sender may write to while the account is in the SES sandbox. */
  sesSandboxRecipients?: string[] | undefined;
}

/** The From address when none is configured: a reserved domain (RFC 2606) nobody can verify. */
const PLACEHOLDER_SENDER_EMAIL = 'notices@example.org';

/** The follow-up tracker: composes the constructs, owns no resource of its own. */
export class TrackerStack extends Stack {
  readonly table: TrackerTable;
  readonly apiFunction: ServiceFunction;
  readonly httpApi: HttpApi;
  readonly users: UserDirectory;
  readonly membershipStream: MembershipStream;
  readonly rollupStream: RollupStream;
  readonly referenceData: ReferenceData;
  readonly reviewWorkflow: ReviewWorkflow;
  readonly attachments: AttachmentStore;
  readonly noticeDelivery: NoticeDelivery;
  readonly noticeOutbox: NoticeOutbox;
  readonly seriesTick: SeriesTick;
  readonly spreadsheetExports: SpreadsheetExports;

  constructor(scope: Construct, id: string, props?: TrackerStackProps) {
    super(scope, id, props);
    this.table = new TrackerTable(this, 'Data');
    this.apiFunction = new ServiceFunction(this, 'ApiFunction', {
      entry: 'functions/api/handler.ts',
      description: 'The HTTP API (hono)',
    }).bindTable(this.table.table, {
      actions: [
        'GetItem',
        'BatchGetItem',
        'Query',
        'PutItem',
        'UpdateItem',
        'DeleteItem',
        'BatchWriteItem',
      ],
      queryIndexes: ['gsi1', 'gsi2'],
    });
    this.users = new UserDirectory(this, 'Identity');
    this.attachments = new AttachmentStore(this, 'Attachments');
    this.attachments.bindAttachments(this.apiFunction.fn);
    this.users.bindInvitations(this.apiFunction.fn);
    this.spreadsheetExports = new SpreadsheetExports(this, 'Exports', {
      table: this.table.table,
      userPoolId: this.users.userPool.userPoolId,
      userPoolClientId: this.users.client.userPoolClientId,
    });
    this.httpApi = new HttpApi(this, 'Http', {
      handler: this.apiFunction.fn,
      authorizer: this.users.authorizer,
      publicRoutes: PUBLIC_ROUTES.filter((route) => !route.localOnly),
      // The workbooks come from their own function; the API app only lists them in its document.
      functionRoutes: XLSX_EXPORT_ROUTES.map((route) => ({
        ...route,
        handler: this.spreadsheetExports.fn.fn,
      })),
    });
    this.membershipStream = new MembershipStream(this, 'Memberships', { table: this.table.table });
    this.rollupStream = new RollupStream(this, 'Rollups', { table: this.table.table });
    this.referenceData = new ReferenceData(this, 'ReferenceData', { table: this.table.table });
    this.reviewWorkflow = new ReviewWorkflow(this, 'Review', { table: this.table.table });
    // The series tick opens cycles as the API does: it starts their review executions too.
    this.seriesTick = new SeriesTick(this, 'Series', { table: this.table.table });
    for (const fn of [this.apiFunction.fn, this.seriesTick.fn.fn])
      this.reviewWorkflow.grantStartStop(fn);
    this.noticeDelivery = new NoticeDelivery(this, 'Notices', {
      table: this.table.table,
      senderEmail: props?.senderEmail ?? PLACEHOLDER_SENDER_EMAIL,
      sandboxRecipients: props?.sesSandboxRecipients,
    });
    if (!props?.senderEmail) {
      Annotations.of(this.noticeDelivery).addWarningV2(
        'gcm:placeholder-sender',
        `No senderEmail: notices would be sent from ${PLACEHOLDER_SENDER_EMAIL}, which SES refuses. Deploy with -c senderEmail=notices@your-domain (docs/email-delivery.md).`,
      );
    }
    // The API, the workflow and the tick only write notices; the outbox's relay queues them.
    this.noticeOutbox = new NoticeOutbox(this, 'Outbox', { table: this.table.table });
    this.noticeDelivery.grantEnqueue(this.noticeOutbox.consumer.fn);
    if (props?.adminEmail) {
      for (const fn of [this.apiFunction.fn, this.reviewWorkflow.tasks.fn, this.seriesTick.fn.fn])
        fn.addEnvironment('ADMIN_EMAIL', props.adminEmail);
    }
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    new CfnOutput(this, 'AttachmentBucketName', { value: this.attachments.bucket.bucketName });
    new CfnOutput(this, 'ReviewStateMachineArn', {
      value: this.reviewWorkflow.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'NoticeDeadLettersArn', {
      value: this.noticeDelivery.deadLetters.queueArn,
    });
    new CfnOutput(this, 'SesConfigurationSetName', {
      value: this.noticeDelivery.configurationSet.configurationSetName,
    });
  }
}
