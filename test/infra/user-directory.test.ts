import { Match } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import { UserDirectory } from '../../infra/constructs/user-directory.ts';
import { templateOf } from './support.ts';

describe('UserDirectory', () => {
  const { template } = templateOf((stack) => new UserDirectory(stack, 'Identity'));

  it('signs users in by email, admits them by invitation only, and is kept', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        UsernameAttributes: ['email'],
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        DeletionProtection: 'ACTIVE',
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12 }) },
      }),
    });
  });

  it('has a public app client, without a secret and without hosted OAuth flows yet', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      AllowedOAuthFlows: Match.absent(),
      CallbackURLs: Match.absent(),
    });
  });
});
