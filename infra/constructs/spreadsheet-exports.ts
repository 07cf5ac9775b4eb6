import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ServiceFunction } from './service-function.ts';

export interface SpreadsheetExportsProps {
  table: ITable;
  /** The user pool and client whose tokens the function checks when a caller sends one. */
  userPoolId: string;
  userPoolClientId: string;
}

/**
 * The .xlsx exports in their own function, so that the spreadsheet library stays out of the
 * API's bundle. It only reads: cycles, respondents, submitted versions, rollups and their heads
 * (on gsi1), entities' names and callers' grants.
 */
export class SpreadsheetExports extends Construct {
  readonly fn: ServiceFunction;

  constructor(scope: Construct, id: string, props: SpreadsheetExportsProps) {
    super(scope, id);
    this.fn = new ServiceFunction(this, 'Function', {
      entry: 'functions/exports/handler.ts',
      description: 'The .xlsx exports of rollups and submissions (exceljs)',
      // A global cycle's workbook reads a scope per respondent and writes it in memory.
      memorySize: 1024,
      timeout: Duration.seconds(29),
    }).bindTable(props.table, {
      actions: ['GetItem', 'BatchGetItem', 'Query'],
      queryIndexes: ['gsi1'],
    });
    this.fn.fn.addEnvironment('USER_POOL_ID', props.userPoolId);
    this.fn.fn.addEnvironment('USER_POOL_CLIENT_ID', props.userPoolClientId);
  }
}
