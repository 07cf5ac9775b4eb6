import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WorkflowEngine } from '#core';

/** An execution's name: the cycle and its generation, so a retried start can never start two. */
export function executionName(run: { cycleId: string; generation: number }): string {
  return `${run.cycleId}-${run.generation}`;
}

/** `arn:aws:states:…:stateMachine:M` and a name give `arn:aws:states:…:execution:M:name`. */
export function executionArn(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** The review workflow on AWS Step Functions: one Standard execution per cycle and generation. */
export class StepFunctionsEngine implements WorkflowEngine {
  readonly #client: SFNClient;
  readonly #stateMachineArn: string;

  constructor(client: SFNClient, stateMachineArn: string) {
    this.#client = client;
    this.#stateMachineArn = stateMachineArn;
  }

  async start(run: { cycleId: string; generation: number }): Promise<void> {
    try {
      await this.#client.send(
        new StartExecutionCommand({
          stateMachineArn: this.#stateMachineArn,
          name: executionName(run),
          input: JSON.stringify(run),
        }),
      );
    } catch (error) {
      // Started already (running, or ended): the name makes the start happen once.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }

  async stop(run: { cycleId: string; generation: number }): Promise<void> {
    try {
      await this.#client.send(
        new StopExecutionCommand({
          executionArn: executionArn(this.#stateMachineArn, executionName(run)),
          cause: 'the cycle was closed or cancelled by its organiser',
        }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionDoesNotExist)) throw error;
    }
  }
}
