import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi as ApiGatewayHttpApi,
  type HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface HttpApiProps {
  handler: IFunction;
  /** Checks the bearer token on every route but the public ones. */
  authorizer: IHttpRouteAuthorizer;
  /** Routes served without credentials. */
  publicRoutes: ReadonlyArray<{ method: string; path: string }>;
  /**
   * Routes another function serves (the .xlsx exports), each with its own integration; public
   * if also listed in `publicRoutes`, behind the JWT authorizer otherwise.
   */
  functionRoutes?: ReadonlyArray<{ method: string; path: string; handler: IFunction }>;
  /** Steady-state requests per second across the API, and the burst above it. */
  throttle?: { rateLimit: number; burstLimit: number };
}

/**
 * The public HTTP API: every path goes to the one hono app but the routes another function
 * serves, throttled, with access logs; the JWT authorizer guards every route but the listed
 * public ones.
 */
export class HttpApi extends Construct {
  readonly api: ApiGatewayHttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const integration = new HttpLambdaIntegration('App', props.handler);
    this.api = new ApiGatewayHttpApi(this, 'Api', {
      description: 'GCM follow-up and review API',
      defaultIntegration: integration,
      defaultAuthorizer: props.authorizer,
      createDefaultStage: false,
    });
    const integrations = new Map<IFunction, HttpLambdaIntegration>();
    const integrationOf = (method: string, path: string) => {
      const handler = props.functionRoutes?.find(
        (r) => r.method === method && r.path === path,
      )?.handler;
      if (!handler) return integration;
      let own = integrations.get(handler);
      if (!own) {
        own = new HttpLambdaIntegration(`Function${integrations.size + 1}`, handler);
        integrations.set(handler, own);
      }
      return own;
    };
    const isPublic = (method: string, path: string) =>
      props.publicRoutes.some((r) => r.method === method && r.path === path);
    for (const route of props.functionRoutes ?? []) {
      if (isPublic(route.method, route.path)) continue;
      this.api.addRoutes({
        path: route.path,
        methods: [route.method as HttpMethod],
        integration: integrationOf(route.method, route.path),
      });
    }
    for (const route of props.publicRoutes) {
      const [publicRoute] = this.api.addRoutes({
        path: route.path,
        methods: [route.method as HttpMethod],
        integration: integrationOf(route.method, route.path),
        authorizer: new HttpNoneAuthorizer(),
      });
      if (publicRoute) {
        Validations.of(publicRoute).acknowledge({
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason:
            'A public route by design (health, OpenAPI document, API reference, published results and their exports; the app asks for a token where the data is not public yet); everything else has the JWT authorizer.',
        });
      }
    }
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
  }

  get url(): string {
    return this.api.apiEndpoint;
  }
}
