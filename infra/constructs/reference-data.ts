import { createHash } from 'node:crypto';
import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { SHIPPED_ENTITIES, SHIPPED_FRAMEWORKS } from '#core';
import { ServiceFunction } from './service-function.ts';

/** Loads the shipped frameworks and entities into the table on deploy, again whenever they change. */
export class ReferenceData extends Construct {
  readonly loader: ServiceFunction;

  constructor(scope: Construct, id: string, props: { table: Table }) {
    super(scope, id);
    this.loader = new ServiceFunction(this, 'Loader', {
      entry: 'functions/reference-data/handler.ts',
      description: 'Loads the shipped reference data (idempotent)',
      timeout: Duration.minutes(5),
    }).bindTable(props.table, { actions: ['PutItem'], queryIndexes: ['gsi2'] });
    const provider = new Provider(this, 'Provider', {
      onEventHandler: this.loader.fn,
      logGroup: new LogGroup(this, 'ProviderLogs', {
        retention: RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    });
    const loaderId = Stack.of(this).getLogicalId(this.loader.fn.node.defaultChild as CfnFunction);
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "The CDK provider framework's own function writes its logs with the basic execution role.",
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${loaderId}.Arn>:*]`,
        reason:
          'The provider framework may invoke every version of the loader function, and nothing else.',
      },
    );
    // A fingerprint of the data: a changed framework or entity list re-runs the loader on deploy.
    const fingerprint = createHash('sha256')
      .update(JSON.stringify({ SHIPPED_FRAMEWORKS, SHIPPED_ENTITIES }))
      .digest('hex');
    new CustomResource(this, 'Load', {
      serviceToken: provider.serviceToken,
      properties: { fingerprint },
    });
  }
}
