import { Duration, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_RECEIVE_COUNT } from '#email';
import { contactKeys, noticeKeys, TABLE } from '#store';
import { alarmOnAny } from './alarms.ts';
import { alarmOnDeadLetters, deadLetterQueue } from './dead-letters.ts';
import { ServiceFunction } from './service-function.ts';

export interface NoticeDeliveryProps {
  table: ITable;
  /** The From address of every notice; its domain must be a verified SES identity. */
  senderEmail: string;
  /**
   * While the account is in the SES sandbox, SES also authorises each send against the
   * recipient's verified identity: the addresses listed here may then be sent to.
   */
  sandboxRecipients?: string[] | undefined;
}

/** Partition keys of the items the functions touch: the outbox's notices, entities' contacts. */
const NOTICE_ITEMS = noticeKeys.item('*')[TABLE.partitionKey];
const CONTACT_ITEMS = contactKeys.item('*')[TABLE.partitionKey];

/**
 * Email delivery: notices queued by the API and the review workflow are sent with Amazon SES
 * by one function, retried with backoff, and parked in a dead-letter queue (with an alarm) when
 * they still fail. Bounces and complaints come back through the configuration set to EventBridge
 * and mark the notice and the contact.
 */
export class NoticeDelivery extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly sender: ServiceFunction;
  readonly configurationSet: ConfigurationSet;
  readonly feedback: ServiceFunction;
  readonly feedbackDeadLetters: Queue;
  /** A notice could not be sent after every retry. */
  readonly undelivered: Alarm;
  /** The sender crashed (not a throttled send: those are retried without an error). */
  readonly senderErrors: Alarm;
  /** A bounce or complaint could not be recorded. */
  readonly unrecordedFeedback: Alarm;

  constructor(scope: Construct, id: string, props: NoticeDeliveryProps) {
    super(scope, id);
    const senderTimeout = Duration.seconds(30);

    this.deadLetters = deadLetterQueue(this, 'DeadLetters', 'of the notice queue');
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's advice for SQS event sources: at least six times the function's timeout.
      visibilityTimeout: Duration.seconds(6 * senderTimeout.toSeconds()),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      // SES itself stops sending to an address that bounced or complained (and says so in a bounce).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });

    this.sender = new ServiceFunction(this, 'Sender', {
      entry: 'functions/notice-delivery/handler.ts',
      description: 'Sends the queued notices by email (Amazon SES)',
      timeout: senderTimeout,
      memorySize: 256,
    }).bindTable(props.table, {
      actions: ['GetItem', 'UpdateItem'],
      partitionKeys: [NOTICE_ITEMS],
    });
    this.sender.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // Each invocation sends one after the other; two at most keep well within SES's send
        // rate (14 a second when production access is granted), throttled sends back off.
        maxConcurrency: 2,
      }),
    );
    this.sender.fn.addEnvironment('NOTICE_QUEUE_URL', this.queue.queueUrl);
    this.sender.fn.addEnvironment('SENDER_EMAIL', props.senderEmail);
    this.sender.fn.addEnvironment(
      'SES_CONFIGURATION_SET',
      this.configurationSet.configurationSetName,
    );
    this.sender.fn.addToRolePolicy(this.#sendEmailStatement(props));

    this.feedbackDeadLetters = deadLetterQueue(this, 'FeedbackDeadLetters', 'of the SES feedback');
    this.feedback = new ServiceFunction(this, 'Feedback', {
      entry: 'functions/notice-feedback/handler.ts',
      description: 'Records SES bounces and complaints on the notice and its contacts',
      timeout: Duration.seconds(30),
      memorySize: 256,
    }).bindTable(props.table, {
      actions: ['GetItem', 'PutItem', 'UpdateItem'],
      partitionKeys: [NOTICE_ITEMS, CONTACT_ITEMS],
    });
    this.feedback.fn.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(this.feedbackDeadLetters),
    });
    this.#routeFeedback();

    this.undelivered = alarmOnDeadLetters(
      this,
      'Undelivered',
      this.deadLetters,
      'A notice could not be sent after every retry and waits in the dead-letter queue: see docs/email-delivery.md, then redrive it.',
    );
    this.senderErrors = alarmOnAny(
      this,
      'SenderErrors',
      this.sender.fn.metricErrors({ period: Duration.minutes(5) }),
      'The email sender failed (a crash or a timeout, not a throttled send); its notices are retried.',
    );
    this.unrecordedFeedback = alarmOnDeadLetters(
      this,
      'UnrecordedFeedback',
      this.feedbackDeadLetters,
      'An SES bounce or complaint could not be recorded on its notice.',
    );
  }

  /** Lets the function queue notices (SendMessage alone) and tells it the queue. */
  grantEnqueue(fn: LambdaFn): void {
    // Not grantSendMessages: it adds GetQueueAttributes and GetQueueUrl, which nobody needs here.
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    fn.addEnvironment('NOTICE_QUEUE_URL', this.queue.queueUrl);
  }

  /** SendEmail from the sender's address only, through this configuration set only. */
  #sendEmailStatement(props: NoticeDeliveryProps): PolicyStatement {
    const stack = Stack.of(this);
    const identity = (name: string) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    return new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        identity(domainOf(props.senderEmail)),
        ...(props.sandboxRecipients ?? []).map(identity),
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.configurationSet.configurationSetName,
        }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': props.senderEmail } },
    });
  }

  /** SES publishes bounces and complaints to the default bus; a rule hands ours to the function. */
  #routeFeedback(): void {
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.eventBus(
        EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      ),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    new Rule(this, 'FeedbackRule', {
      description: 'SES bounces and complaints of the notices',
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Bounced', 'Email Complaint Received'],
        // Other configuration sets of the account publish to the same bus.
        detail: {
          mail: {
            tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] },
          },
        },
      },
      targets: [
        new LambdaFunction(this.feedback.fn, {
          deadLetterQueue: this.feedbackDeadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }
}

/** `notices@un.example.org` gives `un.example.org`: the domain identity SES sends from. */
export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) {
    throw new Error(`senderEmail must be an email address, got "${email}"`);
  }
  return email.slice(at + 1).toLowerCase();
}
