import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TrackerStack } from '../../infra/stack.ts';
import { testApp } from './support.ts';

describe('TrackerStack', () => {
  const template = Template.fromStack(new TrackerStack(testApp(), 'GcmFollowUp'));

  it('loads the reference data on deploy, again when it changes', () => {
    template.hasResourceProperties('AWS::CloudFormation::CustomResource', {
      fingerprint: Match.stringLikeRegexp('^[0-9a-f]{64}$'),
    });
  });

  it('gives the API function read access only, since writes wait for identity', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
    const api = policies.find(([id]) => id.startsWith('ApiFunction'));
    expect(JSON.stringify(api?.[1])).toContain('dynamodb:Query');
    expect(JSON.stringify(api?.[1])).not.toMatch(/PutItem|UpdateItem|DeleteItem|BatchWriteItem/);
  });

  it('outputs the API URL and the table name', () => {
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['ApiUrl', 'TableName']),
    );
  });
});
