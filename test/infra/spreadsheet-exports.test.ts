import { Match, type Template } from 'aws-cdk-lib/assertions';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpApi } from '../../infra/constructs/http-api.ts';
import { SpreadsheetExports } from '../../infra/constructs/spreadsheet-exports.ts';
import { TrackerTable } from '../../infra/constructs/tracker-table.ts';
import { templateOf } from './support.ts';

describe('SpreadsheetExports', () => {
  const { template } = templateOf((stack) => {
    const data = new TrackerTable(stack, 'Data');
    return new SpreadsheetExports(stack, 'Exports', {
      table: data.table,
      userPoolId: 'pool',
      userPoolClientId: 'client',
    });
  });

  it('is a function of its own that knows the table and the user pool', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: Match.anyValue(),
          USER_POOL_ID: 'pool',
          USER_POOL_CLIENT_ID: 'client',
        }),
      },
    });
  });

  it('only reads the table: GetItem, BatchGetItem, Query, and gsi1 for the rollup heads', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Action: string | string[] }) =>
        [s.Action].flat().some((a) => a.startsWith('dynamodb:')),
      );
    const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect([...new Set(actions)].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    const indexes = JSON.stringify(statements.map((s: { Resource: unknown }) => s.Resource));
    expect(indexes).toContain('/index/gsi1');
    expect(indexes).not.toContain('gsi2');
  });
});

/** Which Lambda function a route's integration invokes, by the function's logical id. */
function functionOfRoute(template: Template, routeKey: string): string {
  const [route] = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
    (r) => r.Properties.RouteKey === routeKey,
  );
  const integrationId = JSON.stringify(route?.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1];
  const integration = template.findResources('AWS::ApiGatewayV2::Integration')[integrationId ?? ''];
  return integration?.Properties.IntegrationUri['Fn::GetAtt'][0];
}

describe('HttpApi with routes another function serves', () => {
  const { template } = templateOf((stack) => {
    const fn = (id: string) =>
      new LambdaFunction(stack, id, {
        runtime: Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: Code.fromInline('export const handler = async () => ({})'),
      });
    const workbooks = fn('Workbooks');
    return new HttpApi(stack, 'Http', {
      handler: fn('App'),
      authorizer: new HttpJwtAuthorizer('Jwt', 'https://issuer.example', {
        jwtAudience: ['client'],
      }),
      publicRoutes: [
        { method: 'GET', path: '/health' },
        { method: 'GET', path: '/v1/cycles/{id}/rollup.xlsx' },
      ],
      functionRoutes: [
        { method: 'GET', path: '/v1/cycles/{id}/rollup.xlsx', handler: workbooks },
        { method: 'GET', path: '/v1/private.xlsx', handler: workbooks },
      ],
    });
  });

  it('sends them to that function, public or behind the JWT authorizer as listed', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => `${r.Properties.RouteKey} ${r.Properties.AuthorizationType}`,
    );
    expect(routes.sort()).toEqual([
      '$default JWT',
      'GET /health NONE',
      'GET /v1/cycles/{id}/rollup.xlsx NONE',
      'GET /v1/private.xlsx JWT',
    ]);
    expect(functionOfRoute(template, 'GET /v1/cycles/{id}/rollup.xlsx')).toMatch(/^Workbooks/);
    expect(functionOfRoute(template, 'GET /v1/private.xlsx')).toMatch(/^Workbooks/);
    expect(functionOfRoute(template, 'GET /health')).toMatch(/^App/);
    // One integration per function: the routes of one function share it.
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 2);
  });
});
