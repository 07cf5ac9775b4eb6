import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TrackerStack } from './stack.ts';

const app = new App();
new TrackerStack(app, 'GcmFollowUp', {
  description: 'Follow-up and review tracker for the Global Compact for Migration',
  // Environment-agnostic unless CDK_DEFAULT_* are set by the CLI's credentials, so synth works offline.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  // `cdk deploy -c adminEmail=ops@example.org`: where workflow failures are reported.
  adminEmail: app.node.tryGetContext('adminEmail'),
});
// cdk-nag runs at every synth: an unacknowledged finding fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
