import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CognitoIdentityDirectory } from '#cognito';

// There is no Cognito to run against locally: the SDK is stubbed, as for fault injection.
const cognito = mockClient(CognitoIdentityProviderClient);
const directory = new CognitoIdentityDirectory(
  new CognitoIdentityProviderClient({ region: 'eu-west-1' }),
  'pool',
);
const withSub = (sub: string) => [{ Name: 'sub', Value: sub }];

beforeEach(() => cognito.reset());

describe('CognitoIdentityDirectory', () => {
  it('creates an invited user by lower-cased email and returns the sub', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: withSub('abc') } });
    expect(await directory.ensureUser('Marie@Example.org')).toEqual({ sub: 'abc' });
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      UserPoolId: 'pool',
      Username: 'marie@example.org',
      DesiredDeliveryMediums: ['EMAIL'],
    });
  });

  it('finds an existing user, and re-sends the invitation only to one who never signed in', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejectsOnce(new UsernameExistsException({ message: 'exists', $metadata: {} }))
      .resolves({});
    cognito
      .on(AdminGetUserCommand)
      .resolves({ UserAttributes: withSub('old'), UserStatus: 'FORCE_CHANGE_PASSWORD' });
    expect(await directory.ensureUser('new@example.org')).toEqual({ sub: 'old' });
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { MessageAction: 'RESEND' });

    cognito.reset();
    cognito
      .on(AdminCreateUserCommand)
      .rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    cognito
      .on(AdminGetUserCommand)
      .resolves({ UserAttributes: withSub('old'), UserStatus: 'CONFIRMED' });
    expect(await directory.ensureUser('old@example.org')).toEqual({ sub: 'old' });
    expect(cognito).toHaveReceivedCommandTimes(AdminCreateUserCommand, 1);
  });
});
