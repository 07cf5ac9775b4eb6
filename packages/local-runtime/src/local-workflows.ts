import { AsyncResource } from 'node:async_hooks';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import type { WorkflowEngine } from '#core';

/** The review workflow's definition: the very file CDK deploys. */
export const REVIEW_WORKFLOW_FILE = join(
  import.meta.dirname,
  '../../../infra/workflows/review-cycle.asl.json',
);

/** A Lambda function the definition invokes, by the name of its `${…}` substitution, run in process. */
export type LocalFunction = (payload: unknown) => Promise<unknown>;

export interface LocalWorkflowOptions {
  /** The definition file; `${Name}` placeholders name the functions. */
  file: string;
  functions: Record<string, LocalFunction>;
  logger: Logger;
  /** Milliseconds between task retries, instead of the definition's (tests make them short). */
  retryIntervalMs?: number | undefined;
}

/** The engine's overrides of the Task states, by state name. */
type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

interface Execution {
  abort: () => void;
  finished: Promise<void>;
}

/**
 * Runs executions of an ASL definition in this process with aws-local-stepfunctions: the same
 * states, waits, retries and catches as in AWS, with each Lambda task calling its function here.
 * Executions live in memory; the runtime starts them again at boot, which the tasks' idempotency
 * makes safe.
 */
export class LocalWorkflowEngine implements WorkflowEngine {
  readonly #machine: StateMachine;
  readonly #handlers: TaskHandlers;
  readonly #options: LocalWorkflowOptions;
  readonly #running = new Map<string, Execution>();
  /**
   * Executions run in the context the engine was made in (at boot), not in that of the request
   * that started them: nothing request-scoped (an Idempotency-Key's claim) leaks into the tasks.
   */
  readonly #scope = new AsyncResource('LocalWorkflowEngine');
  /** States entered per execution name, finished or not: what the round costs in transitions. */
  readonly transitions = new Map<string, number>();

  private constructor(
    definition: StateMachineDefinition,
    handlers: TaskHandlers,
    options: LocalWorkflowOptions,
  ) {
    this.#machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
    this.#handlers = handlers;
    this.#options = options;
  }

  /**
   * Loads the definition and refuses it if any Task lacks a local function: the engine would
   * otherwise call AWS Lambda for real.
   */
  static async load(options: LocalWorkflowOptions): Promise<LocalWorkflowEngine> {
    let text = await readFile(options.file, 'utf8');
    for (const name of Object.keys(options.functions))
      text = text.replaceAll(`\${${name}}`, `local:${name}`);
    const definition = JSON.parse(text) as StateMachineDefinition;
    const handlers: TaskHandlers = {};
    for (const [stateName, state] of Object.entries(definition.States)) {
      if (state.Type !== 'Task') continue;
      const target = (state as { Parameters?: { FunctionName?: string } }).Parameters?.FunctionName;
      const fn = target?.startsWith('local:') ? options.functions[target.slice(6)] : undefined;
      if (!fn) {
        throw new Error(
          `${options.file}: the Task ${stateName} has no local function (FunctionName ${target ?? 'missing'}); refusing to run it against AWS`,
        );
      }
      // As through Lambda, the result travels as JSON, in the `Payload` of lambda:invoke.
      handlers[stateName] = async (input) => ({
        Payload: JSON.parse(
          JSON.stringify((await fn((input as { Payload?: unknown }).Payload)) ?? null),
        ),
      });
    }
    return new LocalWorkflowEngine(definition, handlers, options);
  }

  async start(run: { cycleId: string; generation: number }): Promise<void> {
    if (this.#running.has(run.cycleId)) return;
    const name = `${run.cycleId}-${run.generation}`;
    const { retryIntervalMs } = this.#options;
    const retries =
      retryIntervalMs === undefined
        ? undefined
        : Object.fromEntries(Object.keys(this.#handlers).map((state) => [state, retryIntervalMs]));
    const execution = this.#scope.runInAsyncScope(() =>
      this.#machine.run(run, {
        overrides: { taskResourceLocalHandlers: this.#handlers, retryIntervalOverrides: retries },
        noThrowOnAbort: true,
      }),
    );
    this.transitions.set(name, 0);
    const counting = (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered')
          this.transitions.set(name, (this.transitions.get(name) ?? 0) + 1);
      }
    })();
    const finished = execution.result
      .then(() => counting)
      .catch((error: unknown) =>
        this.#options.logger.error('review workflow execution failed', { execution: name, error }),
      )
      .finally(() => this.#running.delete(run.cycleId));
    this.#running.set(run.cycleId, { abort: execution.abort, finished });
  }

  async stop(run: { cycleId: string }): Promise<void> {
    const execution = this.#running.get(run.cycleId);
    if (!execution) return;
    execution.abort();
    await execution.finished;
  }

  /** Cycles whose execution is running. */
  running(): string[] {
    return [...this.#running.keys()];
  }

  /** Waits until the cycle's execution ends by itself. */
  async finished(cycleId: string): Promise<void> {
    await this.#running.get(cycleId)?.finished;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running().map((cycleId) => this.stop({ cycleId })));
  }
}
