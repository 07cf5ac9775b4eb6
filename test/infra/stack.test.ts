import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PUBLIC_ROUTES } from '#api';
import { TrackerStack } from '../../infra/stack.ts';
import { testApp } from './support.ts';

describe('TrackerStack', () => {
  const template = Template.fromStack(new TrackerStack(testApp(), 'GcmFollowUp'));

  it('loads the reference data on deploy, again when it changes', () => {
    template.hasResourceProperties('AWS::CloudFormation::CustomResource', {
      fingerprint: Match.stringLikeRegexp('^[0-9a-f]{64}$'),
    });
  });

  it('lets exactly the public routes through without a token, and only those', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => `${route.Properties.RouteKey} ${route.Properties.AuthorizationType}`,
    );
    const publicRoutes = PUBLIC_ROUTES.filter((route) => !route.localOnly).map(
      (r) => `${r.method} ${r.path} NONE`,
    );
    expect(routes.sort()).toEqual([...publicRoutes, '$default JWT'].sort());
    expect(publicRoutes).toEqual([
      'GET /health NONE',
      'GET /openapi.json NONE',
      'GET /reference NONE',
      'GET /v1/published/cycles/{id}/submissions/{entityId} NONE',
      'GET /v1/cycles/{id}/rollup NONE',
      'GET /v1/cycles/{id}/rollup/scopes NONE',
      'GET /v1/cycles/{id}/summary NONE',
      'GET /v1/cycles/{id}/rollup.csv NONE',
      'GET /v1/cycles/{id}/rollup.xlsx NONE',
      'GET /v1/cycles/{id}/submissions.csv NONE',
      'GET /v1/cycles/{id}/submissions.xlsx NONE',
      'GET /v1/attachments/{id} NONE',
    ]);
  });

  it('sends the workbook exports to their own function, and nothing else there', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const targets = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => {
        const id = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
        const fn = integrations[id]?.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
        return `${route.Properties.RouteKey} ${fn.startsWith('ExportsFunction') ? 'exports' : 'api'}`;
      },
    );
    expect(targets.filter((target) => target.endsWith(' exports')).sort()).toEqual([
      'GET /v1/cycles/{id}/rollup.xlsx exports',
      'GET /v1/cycles/{id}/submissions.xlsx exports',
    ]);
  });

  it('lets the API function create and look up invited users in the pool, and nothing else of Cognito', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const cognito = statements.filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith('cognito-idp:')),
    );
    expect(cognito.map((s) => [s.Action].flat().sort())).toEqual([
      ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser'],
    ]);
  });

  it('alarms on every dead-letter queue as soon as one message is in it', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    // A dead-letter queue is a queue with none of its own; the only other is the notice queue.
    const deadLetters = Object.keys(queues).filter((id) => !queues[id]?.Properties.RedrivePolicy);
    expect(deadLetters).toHaveLength(Object.keys(queues).length - 1);
    const watched = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .filter(
        (alarm) =>
          alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          alarm.Properties.Threshold === 1,
      )
      .map((alarm) => alarm.Properties.Dimensions[0].Value['Fn::GetAtt'][0]);
    expect(watched.sort()).toEqual(deadLetters.sort());
    // Among them, each stream consumer's: the stream keeps what they give up on only a day.
    for (const consumer of ['Memberships', 'Rollups', 'Outbox']) {
      expect(deadLetters.some((id) => id.startsWith(`${consumer}DeadLetters`))).toBe(true);
    }
  });

  it('outputs the API URL and the table name', () => {
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['ApiUrl', 'TableName', 'UserPoolId', 'UserPoolClientId']),
    );
  });
});
