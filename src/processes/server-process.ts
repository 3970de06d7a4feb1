// One process of a Temporal server this CLI runs — the dev server, a service of the cluster, the cluster's
// PostgreSQL — as a fault or a figure sees it: what it is, whether it may be killed, and how it comes back.
/** The Temporal Server services the real engine runs, each a process of its own. */
export type ClusterRole = 'frontend' | 'matching' | 'history' | 'worker';

/** A Temporal Server running every service in one process: a region of two. */
export type ServerProcessRole = 'dev-server' | 'postgresql' | 'web-ui' | 'temporal-server' | ClusterRole;

export interface ServerProcess {
  /** How lines and figures name it: `dev-server`, `postgresql`, `history 2`, … */
  readonly name: string;
  readonly role: ServerProcessRole;
  /** Its PID while it runs. */
  readonly pid: number | undefined;
  readonly port: number;
  readonly running: boolean;
  /** Whether a fault may kill it: what it holds outlives the process (a file, a database). */
  readonly killable: boolean;
  /** Starts it, and resolves once it serves; rejects if it does not. */
  start(): Promise<void>;
  /** A crash: no shutdown (SIGKILL; PostgreSQL's immediate shutdown); resolves once it is gone. */
  kill(): Promise<void>;
  /**
   * Starts it again after a kill, at once, on the same ports and state: whether it serves now. A supervised service
   * that does not is started again by its supervisor; any other process rejects.
   */
  restart(): Promise<boolean>;
}
