import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityDirectory } from '#core';

/**
 * Users in a Cognito user pool, signed in by email. Creating one makes Cognito email the
 * invitation with a temporary password; an existing user is found, and re-invited only if they
 * never signed in.
 */
export class CognitoIdentityDirectory implements IdentityDirectory {
  readonly #client: CognitoIdentityProviderClient;
  readonly #userPoolId: string;

  constructor(client: CognitoIdentityProviderClient, userPoolId: string) {
    this.#client = client;
    this.#userPoolId = userPoolId;
  }

  async ensureUser(email: string): Promise<{ sub: string }> {
    const username = email.toLowerCase();
    try {
      const { User } = await this.#client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.#userPoolId,
          Username: username,
          UserAttributes: [
            { Name: 'email', Value: username },
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      return { sub: subOf(User?.Attributes) };
    } catch (error) {
      if (!(error instanceof UsernameExistsException)) throw error;
      const existing = await this.#client.send(
        new AdminGetUserCommand({ UserPoolId: this.#userPoolId, Username: username }),
      );
      if (existing.UserStatus === 'FORCE_CHANGE_PASSWORD') {
        // Invited before but never signed in (the temporary password lasts 7 days): invite again.
        await this.#client.send(
          new AdminCreateUserCommand({
            UserPoolId: this.#userPoolId,
            Username: username,
            MessageAction: 'RESEND',
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
      }
      return { sub: subOf(existing.UserAttributes) };
    }
  }
}

function subOf(attributes: AttributeType[] | undefined): string {
  const sub = attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  if (!sub) throw new Error('Cognito returned a user without a sub');
  return sub;
}
