import { existsSync } from 'node:fs';
import path from 'node:path';
import { Flags } from '@oclif/core';
import { Chalk } from 'chalk';
import ora from 'ora';
import { BaseCommand } from '../cli/base-command';
import {
  connectionFlags,
  encryptionFlags,
  executableFlags,
  keepLedgerFlag,
  keyRingFromFlags,
} from '../cli/flags';
import { openServer, settingsFromFlags } from '../cli/server-connection';
import { chaosPlan } from '../domain/chaos-plan';
import { EXIT, InvalidInputError } from '../domain/errors';
import type { RetryPolicyChoice } from '../domain/order-run';
import { RETRY_POLICY_CHOICES } from '../domain/order-run';
import { parseSpeed } from '../domain/speed';
import { EventBus } from '../events/event-bus';
import type { ChaosSummary } from '../narration/chaos-report';
import {
  describePlan,
  faultCounts,
  faultLine,
  progressLine,
  renderChaosSummary,
  renderProblems,
} from '../narration/chaos-report';
import { processesLeftBehind } from '../processes/watchdog';
import type { FaultRecord } from '../scenarios/chaos';
import { auditChaosRun, runChaos } from '../scenarios/chaos';
import { LEDGER_FILE } from '../services/ledger';
import { openRunLedger } from '../services/run-ledger';
import type { ChaosOutcome } from '../verification/chaos-audit';

const SERVER_FILE = 'temporal.sqlite';
const PLAIN_PROGRESS_EVERY_MS = 5_000;

export default class Chaos extends BaseCommand<typeof Chaos> {
  static override enableJsonFlag = true;
  static override summary =
    'Many orders at once while worker processes and the server are killed at random; then a full audit.';
  static override description =
    'Starts pools of activity and workflow workers as child processes and runs orders of every kind (plain, ' +
    'packing, inventory outage, declined card, approved late, never approved), each with its designed outcome. ' +
    'Meanwhile workers are killed with SIGKILL at moments a seeded plan chooses (same --seed, same plan) and ' +
    'replaced, and the embedded server is killed and restarted on its SQLite file. At the end, every order is ' +
    'audited against the server’s history and the ledger of external effects: designed outcome reached, nothing ' +
    'still running, no effect done twice (repeats absorbed by idempotency keys are counted), no process left. ' +
    'Exit 0 only when all of it holds. With --retry-policy sample, the one-attempt payment and reservation of the ' +
    'sample lose the orders whose worker died during those calls: they are listed, with what the ledger says ' +
    'about their charge.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --seed 1',
    {
      description: 'The sample’s retry policies: see which orders a crash loses',
      command: '<%= config.bin %> <%= command.id %> --seed 1 --retry-policy sample',
    },
    {
      description: 'A small plan, kept for inspection',
      command:
        '<%= config.bin %> <%= command.id %> --orders 20 --kill-activity-workers 4 --kill-workflow-workers 1 --keep-ledger ./chaos-run',
    },
    { description: 'For CI', command: '<%= config.bin %> <%= command.id %> --seed 7 --json > chaos.json' },
  ];
  static override flags = {
    orders: Flags.integer({ default: 100, min: 1, max: 1000, description: 'Orders to run.' }),
    'activity-workers': Flags.integer({
      default: 2,
      min: 1,
      max: 8,
      description: 'Activity worker processes.',
    }),
    'workflow-workers': Flags.integer({
      default: 2,
      min: 1,
      max: 8,
      description: 'Workflow worker processes.',
    }),
    'kill-activity-workers': Flags.integer({
      default: 20,
      min: 0,
      max: 200,
      description: 'Activity worker kills (SIGKILL), each replaced by a new process.',
    }),
    'kill-workflow-workers': Flags.integer({
      default: 3,
      min: 0,
      max: 50,
      description: 'Workflow worker kills (SIGKILL), each replaced by a new process.',
    }),
    'server-restarts': Flags.integer({
      default: 1,
      min: 0,
      max: 10,
      description: 'Kills (SIGKILL) and restarts of the embedded server on its SQLite file.',
    }),
    seed: Flags.integer({
      min: 0,
      description: 'Seed of the plan of orders and faults [default: random, printed].',
    }),
    speed: Flags.custom<number>({
      default: 10,
      description: 'Divide every latency and timeout by this (0.1–100).',
      parse: async (input) => parseSpeed(input),
    })(),
    'retry-policy': Flags.option({
      options: RETRY_POLICY_CHOICES,
      default: 'idempotent' as RetryPolicyChoice,
      description:
        'idempotent: payment and reservation are retried after a timeout (the services take idempotency keys); ' +
        'sample: one attempt, as in the sample.',
    })(),
    ...keepLedgerFlag,
    ...executableFlags,
    ...connectionFlags,
    ...encryptionFlags,
  };

  async run(): Promise<object> {
    const { flags } = this;
    const settings = settingsFromFlags(flags);
    if (settings.address && flags['server-restarts'] > 0) {
      throw new InvalidInputError(
        `--server-restarts ${flags['server-restarts']} needs the embedded dev server, which chaos can kill and ` +
          `restart, but ${settings.address.source} names ${settings.address.value}: add --server-restarts 0`,
      );
    }
    if (flags['keep-ledger'] && existsSync(path.join(flags['keep-ledger'], LEDGER_FILE))) {
      throw new InvalidInputError(`${flags['keep-ledger']} already holds a ledger: choose an empty folder`);
    }
    const encryption = keyRingFromFlags(flags);
    const plan = chaosPlan({
      orders: flags.orders,
      activityWorkers: flags['activity-workers'],
      workflowWorkers: flags['workflow-workers'],
      killActivityWorkers: flags['kill-activity-workers'],
      killWorkflowWorkers: flags['kill-workflow-workers'],
      serverRestarts: flags['server-restarts'],
      seed: flags.seed ?? Math.floor(Math.random() * 1_000_000),
      speed: flags.speed,
      retryPolicy: flags['retry-policy'],
    });
    const human = !this.jsonEnabled();
    const c = new Chalk({ level: this.useColor ? 1 : 0 });
    const say = (line: string) => human && this.log(line);
    describePlan(plan).forEach(say);

    const { ledger, folder } = await openRunLedger(flags['keep-ledger'], this.teardown);
    const events = new EventBus();
    const story = this.storyFor(events);
    let server;
    try {
      server = await openServer(
        settings,
        {
          kind: 'dev-server',
          temporalCliPath: flags['temporal-cli'],
          restartable: !settings.address,
          dbFilename: path.join(folder, SERVER_FILE),
          encryption,
          verbose: flags.verbose,
        },
        { events, teardown: this.teardown, verbose: flags.verbose },
      );
    } finally {
      story?.stop();
    }

    const closed: Partial<Record<ChaosOutcome | 'total', number>> & { total: number } = { total: 0 };
    const faults: FaultRecord[] = [];
    const progress = () => progressLine(plan, closed, faultCounts(faults));
    // On a terminal a live line; otherwise a line every few seconds.
    const spinner = human && this.useColor ? ora({ discardStdin: false }).start(progress()) : undefined;
    let lastPlainProgressAt = Date.now();
    const run = await runChaos(
      { server, teardown: this.teardown, signal: this.interruption.signal, ledgerFolder: folder },
      plan,
      {
        orderClosed: (order) => {
          closed.total++;
          if (order.outcome) closed[order.outcome] = (closed[order.outcome] ?? 0) + 1;
          if (spinner) spinner.text = progress();
          else if (human && Date.now() - lastPlainProgressAt >= PLAIN_PROGRESS_EVERY_MS) {
            lastPlainProgressAt = Date.now();
            this.log(progress());
          }
        },
        fault: (record) => {
          faults.push(record);
          spinner?.clear();
          say(faultLine(record, c));
          spinner?.render();
        },
      },
    ).finally(() => spinner?.stop());
    say(progress());
    const audit = await auditChaosRun(server, run, ledger, plan.settings.retryPolicy);
    await server.ownProcess?.stop();
    const leftoverProcesses = processesLeftBehind();
    const durationMs = Date.now() - run.startedAt;
    const lost = audit.orders.filter((order) => order.lostToCrash);
    const passed =
      audit.orders.every((order) => order.problems.length === 0) &&
      audit.stuckWorkflows.length === 0 &&
      audit.ledger.duplicateEffects.length === 0 &&
      leftoverProcesses.length === 0;
    const summary: ChaosSummary = {
      passed,
      plan,
      audit,
      faults: faultCounts(faults),
      unexpectedWorkerExits: run.unexpectedWorkerExits,
      leftoverProcesses,
      durationMs,
    };
    process.exitCode = passed ? EXIT.ok : EXIT.failed;
    if (human) {
      for (const order of lost) {
        this.log(
          `order ${order.number} (${order.kind}) lost to a crash during ${order.lostToCrash?.activity}, tried once ` +
            `under the sample's policy; the ledger shows it ${order.lostToCrash?.charged ? 'CHARGED: money taken for an order that will never ship' : 'not charged'} ` +
            `(workflow ${order.workflowId})`,
        );
      }
      const problems = renderProblems(summary, {
        ledger: flags['keep-ledger'],
        server: flags['keep-ledger']
          ? `temporal server start-dev --db-filename ${path.join(folder, SERVER_FILE)}, then temporal workflow show --workflow-id <id>`
          : undefined,
      });
      problems.forEach((line) => this.log(line));
      if (problems.length > 0 && !flags['keep-ledger']) {
        this.log(
          'Run again with the same --seed and --keep-ledger DIR to keep the ledger and the server’s file.',
        );
      }
      this.log(renderChaosSummary(summary, c));
    }
    const absorbed = audit.ledger.absorbedDuplicates.reduce((sum, entry) => sum + entry.count, 0);
    return {
      passed,
      seed: plan.settings.seed,
      retryPolicy: plan.settings.retryPolicy,
      speed: plan.settings.speed,
      orders: plan.orders.length,
      outcomes: audit.outcomes,
      lostToCrash: lost.map(({ number, kind, workflowId, lostToCrash }) => ({
        number,
        kind,
        workflowId,
        ...lostToCrash,
      })),
      kills: {
        activityWorkers: summary.faults['activity-worker'],
        workflowWorkers: summary.faults['workflow-worker'],
        serverRestarts: summary.faults.server,
      },
      faults,
      ledger: {
        effects: audit.ledger.effects,
        duplicateEffects: audit.ledger.duplicateEffects.length,
        absorbedDuplicates: absorbed,
        duplicates: audit.ledger.duplicateEffects,
        absorbed: audit.ledger.absorbedDuplicates,
      },
      stuckWorkflows: audit.stuckWorkflows.length,
      leftoverProcesses: leftoverProcesses.length,
      unexpectedWorkerExits: run.unexpectedWorkerExits,
      problems: audit.orders.filter((order) => order.problems.length > 0),
      durationMs,
      ledgerFolder: flags['keep-ledger'],
    };
  }
}
