import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { AccountRecovery, Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * Who may sign in: a Cognito user pool with email sign-in, users created by invitation only.
 * It answers "who is this?"; what they may do lives in the table's grants, not in pool groups.
 */
export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-COG2',
        reason:
          'MFA (authenticator apps) is offered to every user; requiring it is a decision for the operators.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-COG3',
        reason:
          'Threat protection is a paid Cognito feature plan, left to the operators; users exist by invitation only.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-COG8',
        reason:
          'The Plus feature plan (threat protection) is a cost decision for the operators; users exist by invitation only.',
      },
    );
    this.client = this.userPool.addClient('App', {
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted sign-in until the web app exists and brings real callback URLs.
      disableOAuth: true,
      preventUserExistenceErrors: true,
    });
    this.authorizer = new HttpUserPoolAuthorizer('Users', this.userPool, {
      userPoolClients: [this.client],
    });
  }

  /** Lets the API create and look up invited users, and tells it the pool and client. */
  bindInvitations(fn: IGrantable & { addEnvironment(key: string, value: string): unknown }): void {
    this.userPool.grant(fn, 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser');
    fn.addEnvironment('USER_POOL_ID', this.userPool.userPoolId);
    fn.addEnvironment('USER_POOL_CLIENT_ID', this.client.userPoolClientId);
  }
}
