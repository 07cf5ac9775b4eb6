import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TABLE } from '#store';

const ROOT = join(import.meta.dirname, '../..');

type IndexName = (typeof TABLE)['byCollection' | 'byType']['indexName'];

/** What a function may do on the table: item actions on the table, Query on the named indexes. */
export interface TableAccess {
  actions: Array<
    | 'GetItem'
    | 'BatchGetItem'
    | 'Query'
    | 'PutItem'
    | 'UpdateItem'
    | 'DeleteItem'
    | 'BatchWriteItem'
    | 'ConditionCheckItem'
  >;
  queryIndexes?: IndexName[];
  /**
   * Limits the item actions to items whose partition key matches one of these patterns
   * (`dynamodb:LeadingKeys`), e.g. `NOTICE#*`: for functions that touch one kind of item only.
   */
  partitionKeys?: string[];
}

export interface ServiceFunctionProps {
  /** Entry file, relative to the repository root, e.g. `functions/api/handler.ts`. */
  entry: string;
  description: string;
  memorySize?: number;
  timeout?: Duration;
}

/**
 * Every Lambda function of the product, with the defaults set once: Node.js 24 on arm64,
 * ESM bundled by the local esbuild (no Docker), JSON logs kept for a year, X-Ray tracing.
 */
export class ServiceFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Function', {
      role,
      entry: join(ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require() on Node built-ins; give the ESM bundle one.
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
    });
  }

  /**
   * Grants exactly the table access the function needs (named actions on the table, Query on
   * named indexes: no wildcards, no administration) and tells it the table's name.
   */
  bindTable(table: ITable, access: TableAccess): this {
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: access.actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
        ...(access.partitionKeys && {
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': access.partitionKeys },
          },
        }),
      }),
    );
    if (access.queryIndexes?.length) {
      this.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: access.queryIndexes.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    }
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }
}
