import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsEngine } from '#sfn';

// Fault injection only: how the adapter answers what Step Functions may say.
const sfn = mockClient(SFNClient);
const MACHINE = 'arn:aws:states:eu-west-1:111111111111:stateMachine:Review';
const engine = new StepFunctionsEngine(new SFNClient({ region: 'eu-west-1' }), MACHINE);
const run = { cycleId: 'EU-REVIEW-2026', generation: 2 };

beforeEach(() => {
  sfn.reset();
  sfn.onAnyCommand().resolves({});
});

describe('the Step Functions engine', () => {
  it('starts one execution per cycle and generation, named after them', async () => {
    await engine.start(run);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: MACHINE,
      name: 'EU-REVIEW-2026-2',
      input: JSON.stringify(run),
    });
  });

  it('takes an execution that exists already as started: a retried open starts nothing', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    await expect(engine.start(run)).resolves.toBeUndefined();
  });

  it('stops the execution by its ARN, and takes a missing one as stopped', async () => {
    await engine.stop(run);
    expect(sfn).toHaveReceivedCommandWith(StopExecutionCommand, {
      executionArn: 'arn:aws:states:eu-west-1:111111111111:execution:Review:EU-REVIEW-2026-2',
    });
    sfn
      .on(StopExecutionCommand)
      .rejects(new ExecutionDoesNotExist({ message: 'gone', $metadata: {} }));
    await expect(engine.stop(run)).resolves.toBeUndefined();
  });

  it('lets any other failure through', async () => {
    sfn.on(StartExecutionCommand).rejects(new InvalidArn({ message: 'bad arn', $metadata: {} }));
    await expect(engine.start(run)).rejects.toThrow('bad arn');
  });
});
