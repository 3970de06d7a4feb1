// Reported by `bench` as its loads run.

export type BenchEvent =
  | { type: 'bench.load-started'; load: number; loads: number; orders: number; workerProcesses: number }
  | { type: 'bench.order-closed'; completed: number; total: number };
