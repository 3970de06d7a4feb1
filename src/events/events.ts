// The one typed channel through which everything that happens reaches the narrator and the JSON output.
// Producers: the activities (progress), the activity worker's interceptor (attempts), the workflow watcher (what
// the server records), the runtime (server, workers) and the scenario driver (signals, crashes).
// Each topic's events live in a file of their own under topics/; a new topic is one more file, and one more member
// of ProgressEvent below (the story then refuses to compile until it tells them).
import type { ActivityAttemptEvent, ActivityScheduleEvent } from './topics/activities';
import type { ActivityProgressEvent, CheckpointEvent } from './topics/activity-progress';
import type { BenchEvent } from './topics/bench';
import type { ChaosEvent } from './topics/chaos';
import type { ClusterSupervisionEvent, ShardEvent } from './topics/cluster';
import type { OrderMessageEvent } from './topics/messages';
import type { RegionEvent } from './topics/regions';
import type { NoteEvent } from './topics/note';
import type { ServerEvent } from './topics/server';
import type { VersioningEvent } from './topics/versioning';
import type { WorkerLifecycleEvent } from './topics/workers';
import type { WorkflowEvent } from './topics/workflow';

export type { ActivityAttemptEvent, ActivityRetry, ActivityScheduleEvent } from './topics/activities';
export type { ActivityProgressEvent, CheckpointEvent } from './topics/activity-progress';
export type { BenchEvent } from './topics/bench';
export type { ChaosEvent, FaultTarget, RegionFailover } from './topics/chaos';
export type { ClusterSupervisionEvent, ShardEvent, ShardMove } from './topics/cluster';
export type { OrderMessageEvent } from './topics/messages';
export type { RegionEvent } from './topics/regions';
export type { NoteEvent } from './topics/note';
export type { ServerEvent, ServerKind } from './topics/server';
export type { VersioningEvent } from './topics/versioning';
export type { WorkerLifecycleEvent, WorkerRole } from './topics/workers';
export type { WorkflowEvent } from './topics/workflow';

/** Everything an activity worker reports, in-process or from a child process. */
export type WorkerEvent = ActivityProgressEvent | ActivityAttemptEvent;

export type ProgressEvent =
  | ServerEvent
  | WorkerLifecycleEvent
  | WorkflowEvent
  | OrderMessageEvent
  | WorkerEvent
  | ActivityScheduleEvent
  | CheckpointEvent
  | ClusterSupervisionEvent
  | ShardEvent
  | RegionEvent
  | ChaosEvent
  | BenchEvent
  | VersioningEvent
  | NoteEvent;

export type ProgressEventType = ProgressEvent['type'];

/** An event as recorded: with its time in milliseconds since the run began. */
export type TimedEvent = ProgressEvent & { at: number };

export type EventOfType<T extends ProgressEventType> = Extract<ProgressEvent, { type: T }>;
