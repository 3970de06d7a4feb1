// The Temporal server as the runtime starts it, and as the server-crash scenario kills and restarts it.
import type { WorkerRole } from './workers';

export type ServerKind = 'dev-server' | 'time-skipping' | 'cluster' | 'regions' | 'external';

export type ServerEvent =
  | { type: 'server.starting'; kind: ServerKind; executable?: string; executableSource?: string }
  /** A stage of a start that takes several: the cluster's database, schemas, services; its first build. */
  | { type: 'server.step'; text: string }
  | {
      type: 'server.ready';
      kind: ServerKind;
      address: string;
      namespace: string;
      uiUrl?: string;
      /** The codec server the Web UI decrypts payloads through, when one runs. */
      codecEndpoint?: string;
    }
  | { type: 'server.killed'; pid: number; dbFilename: string; while: string }
  | {
      type: 'server.restarted';
      pid: number;
      address: string;
      downMs: number;
      workers: { role: WorkerRole; host: 'in-process' | 'child-process'; state: string }[];
    };
