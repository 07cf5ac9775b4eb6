import { Match } from 'aws-cdk-lib/assertions';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, it } from 'vitest';
import { HttpApi } from '../../infra/constructs/http-api.ts';
import { templateOf } from './support.ts';

describe('HttpApi', () => {
  const { template } = templateOf((stack) => {
    const handler = new LambdaFunction(stack, 'Handler', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => ({})'),
    });
    return new HttpApi(stack, 'Http', {
      handler,
      throttle: { rateLimit: 20, burstLimit: 40 },
      authorizer: new HttpJwtAuthorizer('Jwt', 'https://issuer.example', {
        jwtAudience: ['client'],
      }),
      publicRoutes: [{ method: 'GET', path: '/health' }],
    });
  });

  it('sends every route to the one app, behind the JWT authorizer but for the public ones', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$default',
      AuthorizationType: 'JWT',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /health',
      AuthorizationType: 'NONE',
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
  });

  it('throttles and logs access on its default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      },
    });
  });
});
