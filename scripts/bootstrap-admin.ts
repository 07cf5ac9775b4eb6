/**
 * `npm run bootstrap-admin -- --table <TableName> --user-pool <UserPoolId> --email <email>`:
 * makes the first administrator of a deployed stack (later ones are invited through the API).
 * Runs with the deployer's AWS credentials and region.
 */
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityDirectory } from '#cognito';
import { createDocumentClient, DynamoGrantRepository } from '#store';

const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    'user-pool': { type: 'string' },
    email: { type: 'string' },
  },
});
if (!values.table || !values['user-pool'] || !values.email) {
  console.error(
    'usage: npm run bootstrap-admin -- --table <TableName> --user-pool <UserPoolId> --email <email>',
  );
  process.exit(2);
}
const { sub } = await new CognitoIdentityDirectory(
  new CognitoIdentityProviderClient(),
  values['user-pool'],
).ensureUser(values.email);
await new DynamoGrantRepository(createDocumentClient(), values.table).add(
  { sub, email: values.email },
  { role: 'ADMIN' },
);
console.log(
  `${values.email} (${sub}) is an administrator; Cognito has emailed a temporary password.`,
);
