// Every run this CLI offers as a command of the same name: the scenarios (those `all` runs, and `run`), chaos and
// bench. Each is a Runnable: one command path serves them all (run-command.ts).
import { bench } from '../bench/bench';
import { chaos } from '../chaos/chaos';
import type { AnyRunnable } from '../runs/runnable';
import { ALL_SCENARIOS } from '../scenarios/catalog';
import { customOrder } from '../scenarios/custom-order';

export const RUN_CATALOG: readonly AnyRunnable[] = [...ALL_SCENARIOS, customOrder, chaos, bench];
