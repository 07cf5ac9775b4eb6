import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';

/** An app that skips asset bundling, so construct tests take a second, not ten. */
export function testApp(outdir?: string): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] }, ...(outdir && { outdir }) });
}

/** A bare stack holding one construct, and its template. */
export function templateOf<T extends Construct>(
  build: (stack: Stack) => T,
): { construct: T; template: Template } {
  const stack = new Stack(testApp(), 'Test');
  const construct = build(stack);
  return { construct, template: Template.fromStack(stack) };
}

export interface NagViolation {
  ruleName: string;
  violatingConstructs: Array<{ constructPath: string }>;
}

/**
 * Synthesises the app with cdk-nag's AwsSolutions pack as a validation plugin (cdk-nag 3) and
 * returns the findings left after acknowledgements, from the report CDK writes.
 */
export function nagViolations(build: (app: App) => void): NagViolation[] {
  const outdir = mkdtempSync(join(tmpdir(), 'gcm-nag-'));
  const app = testApp(outdir);
  build(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
    return [];
  } catch {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    return report.pluginReports.flatMap(
      (plugin: { violations: NagViolation[] }) => plugin.violations,
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
