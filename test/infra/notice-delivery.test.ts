import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { domainOf, NoticeDelivery } from '../../infra/constructs/notice-delivery.ts';
import { TrackerTable } from '../../infra/constructs/tracker-table.ts';
import { TrackerStack } from '../../infra/stack.ts';
import { templateOf, testApp } from './support.ts';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every statement of the policies attached to roles whose logical id matches `role`. */
function statementsOf(template: Template, role: RegExp): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    policy.Properties.Roles.some((r: { Ref: string }) => role.test(r.Ref))
      ? policy.Properties.PolicyDocument.Statement
      : [],
  );
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());

describe('NoticeDelivery', () => {
  const { template } = templateOf((stack) => {
    const data = new TrackerTable(stack, 'Data');
    return new NoticeDelivery(stack, 'Notices', {
      table: data.table,
      senderEmail: 'notices@gcm.example.org',
    });
  });
  const queues = template.findResources('AWS::SQS::Queue');
  const logicalIdOf = (pattern: RegExp) => {
    const id = Object.keys(queues).find((k) => pattern.test(k));
    if (!id) throw new Error(`no queue ${pattern}`);
    return id;
  };

  it('queues notices encrypted, over TLS only, with a dead-letter queue after 8 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(/^NoticesDeadLetters/), 'Arn'] },
        maxReceiveCount: 8,
      },
    });
    for (const id of Object.keys(queues)) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('keeps what could not be delivered or recorded for 14 days, encrypted', () => {
    for (const id of [logicalIdOf(/^NoticesDeadLetters/), logicalIdOf(/^NoticesFeedbackDead/)]) {
      expect(queues[id]?.Properties).toMatchObject({
        MessageRetentionPeriod: 14 * 86_400,
        SqsManagedSseEnabled: true,
      });
    }
  });

  it('the sender function takes no longer than a sixth of the visibility timeout', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('queued notices'),
      Timeout: 30,
    });
  });

  it('alarms as soon as a notice reaches the dead-letter queue, and when the sender crashes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf(/^NoticesDeadLetters/), 'QueueName'] },
        },
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Threshold: 1,
    });
  });

  it('feeds the sender from the queue with partial batch failures and bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(/^NoticesQueue/), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('tells the sender its queue, its address and its configuration set', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          NOTICE_QUEUE_URL: { Ref: logicalIdOf(/^NoticesQueue/) },
          SENDER_EMAIL: 'notices@gcm.example.org',
          SES_CONFIGURATION_SET: { Ref: Match.stringLikeRegexp('^NoticesConfigurationSet') },
          TABLE_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it('has SES report bounces and complaints to EventBridge, and a rule hand this set’s to the feedback function', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: Match.stringLikeRegexp('^NoticesConfigurationSet') },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        EventBridgeDestination: {
          EventBusArn: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([':event-bus/default'])],
          }),
        },
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received'],
        detail: {
          mail: {
            tags: {
              'ses:configuration-set': [
                { Ref: Match.stringLikeRegexp('^NoticesConfigurationSet') },
              ],
            },
          },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NoticesFeedbackFunction'), 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalIdOf(/^NoticesFeedbackDead/), 'Arn'] },
          },
        }),
      ],
    });
  });

  it('lets the sender send only from its address, on its domain identity, through its configuration set', () => {
    const ses = statementsOf(template, /^NoticesSenderRole/).filter((s) =>
      actionsOf([s]).some((a) => a.startsWith('ses:')),
    );
    expect(ses).toHaveLength(1);
    const [statement] = ses;
    expect(statement?.Action).toBe('ses:SendEmail');
    expect(statement?.Condition).toEqual({
      StringEquals: { 'ses:FromAddress': 'notices@gcm.example.org' },
    });
    const resources = JSON.stringify(statement?.Resource);
    expect(resources).toContain(':identity/gcm.example.org"');
    expect(resources).toContain(':configuration-set/');
    expect(resources).not.toMatch(/"\*"|identity\/\*/);
  });

  it('lets the sender read and update notices only, and the feedback notices and contacts only', () => {
    const table = (role: RegExp) =>
      statementsOf(template, role).filter((s) =>
        actionsOf([s]).some((a) => a.startsWith('dynamodb:')),
      );
    expect(table(/^NoticesSenderRole/)).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['NOTICE#*'] } },
      }),
    ]);
    expect(table(/^NoticesFeedbackRole/)).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['NOTICE#*', 'ENTITY#*'] },
        },
      }),
    ]);
  });

  it('sends to a verified test recipient while in the sandbox only when told to', () => {
    const { template: sandboxed } = templateOf((stack) => {
      const data = new TrackerTable(stack, 'Data');
      return new NoticeDelivery(stack, 'Notices', {
        table: data.table,
        senderEmail: 'notices@gcm.example.org',
        sandboxRecipients: ['tester@example.org'],
      });
    });
    const resources = JSON.stringify(
      statementsOf(sandboxed, /^NoticesSenderRole/).find((s) => s.Action === 'ses:SendEmail'),
    );
    expect(resources).toContain(':identity/tester@example.org"');
    expect(JSON.stringify(statementsOf(template, /^NoticesSenderRole/))).not.toContain('tester@');
  });

  it('derives the identity from the sender address, and refuses what is not one', () => {
    expect(domainOf('Notices@GCM.Example.org')).toBe('gcm.example.org');
    expect(() => domainOf('notices')).toThrow(/senderEmail/);
  });
});

describe('the stack’s email delivery', () => {
  const template = Template.fromStack(
    new TrackerStack(testApp(), 'GcmFollowUp', { senderEmail: 'notices@gcm.example.org' }),
  );

  it('lets only the outbox relay queue notices: the API, the review tasks and the tick never touch the queue', () => {
    const sqsOf = (role: RegExp) =>
      actionsOf(statementsOf(template, role)).filter((a) => a.startsWith('sqs:'));
    // On the notice queue, the relay only sends (its stream's dead-letter queue is its own).
    const onQueue = statementsOf(template, /^OutboxConsumerRole/).filter((s) =>
      JSON.stringify(s.Resource).includes('"NoticesQueue'),
    );
    expect(actionsOf(onQueue)).toEqual(['sqs:SendMessage']);
    for (const role of [/^ApiFunctionRole/, /^ReviewTasksRole/, /^SeriesFunctionRole/]) {
      expect(sqsOf(role)).toEqual([]);
      const ses = actionsOf(statementsOf(template, role)).filter((a) => a.startsWith('ses:'));
      expect(ses).toEqual([]);
    }
  });

  it('relays only notices inserted PENDING, from the stream, and tells the relay where the queue is', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { NewImage: { type: { S: ['Notice'] }, status: { S: ['PENDING'] } } },
            }),
          },
        ],
      },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
    const relay = functions.find(([id]) => /^OutboxConsumer/.test(id))?.[1];
    expect(relay?.Properties.Environment.Variables.NOTICE_QUEUE_URL).toEqual({
      Ref: expect.stringMatching(/^NoticesQueue/),
    });
  });

  it('sends from the senderEmail given, and from a placeholder without one', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ SENDER_EMAIL: 'notices@gcm.example.org' }),
      },
    });
    Template.fromStack(new TrackerStack(testApp(), 'Placeholder')).hasResourceProperties(
      'AWS::Lambda::Function',
      { Environment: { Variables: Match.objectLike({ SENDER_EMAIL: 'notices@example.org' }) } },
    );
  });

  it('outputs the dead-letter queue and the configuration set', () => {
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['NoticeDeadLettersArn', 'SesConfigurationSetName']),
    );
  });
});
