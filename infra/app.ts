import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TrackerStack } from './stack.ts';

const app = new App();

/** A list from the context: `-c name=a,b` on the command line, or an array in cdk.json. */
function listContext(name: string): string[] | undefined {
  const value: unknown = app.node.tryGetContext(name);
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(',').filter(Boolean) : undefined;
}

new TrackerStack(app, 'GcmFollowUp', {
  description: 'Follow-up and review tracker for the Global Compact for Migration',
  // Environment-agnostic unless CDK_DEFAULT_* are set by the CLI's credentials, so synth works offline.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  // `cdk deploy -c adminEmail=ops@example.org`: where workflow failures are reported.
  adminEmail: app.node.tryGetContext('adminEmail'),
  // `-c senderEmail=notices@your-domain`: the From address of the notices (docs/email-delivery.md).
  senderEmail: app.node.tryGetContext('senderEmail'),
  // `-c sesSandboxRecipients=a@x.org,b@y.org`: verified test recipients while in the SES sandbox.
  sesSandboxRecipients: listContext('sesSandboxRecipients'),
});
// cdk-nag runs at every synth: an unacknowledged finding fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
