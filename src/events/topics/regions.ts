// Two regions (--server regions): the namespace failing over between them, a region lost and back, the link
// between them cut and healed, and each order's copies of its history converging, as the region-failover scenario
// drives and reads them.

export type RegionEvent =
  | {
      type: 'region.failover';
      /** planned: the namespace-handover workflow; forced: the namespace made active on one region's word. */
      how: 'planned' | 'forced';
      from: string;
      to: string;
      /** The namespace's failover version before and after (its region is version mod the increment). */
      versionBefore?: number;
      versionAfter?: number;
      /** From the request until the new active region accepted writes. */
      tookMs: number;
    }
  | {
      type: 'region.lost';
      region: string;
      /** Its server's and its workers' processes, all SIGKILLed. */
      pids: number[];
      while: string;
      /** Per order: how many events the other region's copy was behind at the kill. */
      eventsBehind: { workflowId: string; own: number; replicated: number }[];
    }
  | { type: 'region.restarted'; region: string; pid: number; downMs: number }
  | { type: 'region.link-cut'; how: 'refused' | 'black-hole' }
  | { type: 'region.link-healed'; cutMs: number }
  | {
      type: 'region.lag';
      workflowId: string;
      /** The region whose copy is behind. */
      region: string;
      /** Events the active region holds that the other does not yet. */
      behind: number;
      sinceCutMs: number;
    }
  | { type: 'regions.converged'; workflowId: string; events: number; afterMs: number };
