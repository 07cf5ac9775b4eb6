import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsEngine } from '#sfn';
import { config, required } from './config.ts';

/** The review workflow's state machine, for the functions that start and stop its executions. */
export function reviewWorkflows(): StepFunctionsEngine {
  return new StepFunctionsEngine(
    new SFNClient(),
    required(config.reviewStateMachineArn, 'REVIEW_STATE_MACHINE_ARN'),
  );
}
