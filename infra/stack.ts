import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PUBLIC_ROUTES } from '#api';
import { HttpApi } from './constructs/http-api.ts';
import { MembershipStream } from './constructs/membership-stream.ts';
import { ReferenceData } from './constructs/reference-data.ts';
import { ReviewWorkflow } from './constructs/review-workflow.ts';
import { RollupStream } from './constructs/rollup-stream.ts';
import { ServiceFunction } from './constructs/service-function.ts';
import { TrackerTable } from './constructs/tracker-table.ts';
import { UserDirectory } from './constructs/user-directory.ts';

export interface TrackerStackProps extends StackProps {
  /** The administrator's address for workflow failures; without it they wait in the outbox. */
  adminEmail?: string | undefined;
}

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
    this.users.bindInvitations(this.apiFunction.fn);
    this.httpApi = new HttpApi(this, 'Http', {
      handler: this.apiFunction.fn,
      authorizer: this.users.authorizer,
      publicRoutes: PUBLIC_ROUTES.filter((route) => !route.localOnly),
    });
    this.membershipStream = new MembershipStream(this, 'Memberships', { table: this.table.table });
    this.rollupStream = new RollupStream(this, 'Rollups', { table: this.table.table });
    this.referenceData = new ReferenceData(this, 'ReferenceData', { table: this.table.table });
    this.reviewWorkflow = new ReviewWorkflow(this, 'Review', { table: this.table.table });
    this.reviewWorkflow.grantStartStop(this.apiFunction.fn);
    this.apiFunction.fn.addEnvironment(
      'REVIEW_STATE_MACHINE_ARN',
      this.reviewWorkflow.stateMachine.stateMachineArn,
    );
    if (props?.adminEmail) {
      for (const fn of [this.apiFunction.fn, this.reviewWorkflow.tasks.fn])
        fn.addEnvironment('ADMIN_EMAIL', props.adminEmail);
    }
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    new CfnOutput(this, 'ReviewStateMachineArn', {
      value: this.reviewWorkflow.stateMachine.stateMachineArn,
    });
  }
}
