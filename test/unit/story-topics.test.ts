// The story is told by topic: one teller per topic of events, each in a file of its own. The compiler holds the
// composed tellers to every event type; this holds the topics apart, since a type two topics both told would be
// told by whichever the story composes last, silently.
import { expect } from 'chai';
import { Chalk } from 'chalk';
import type { ProgressEventType } from '../../src/events/events';
import { activityProgressTellers } from '../../src/narration/story/activity-progress';
import { activityTellers } from '../../src/narration/story/activities';
import { benchTellers } from '../../src/narration/story/bench';
import { chaosTellers } from '../../src/narration/story/chaos';
import { clusterTellers } from '../../src/narration/story/cluster';
import { regionTellers } from '../../src/narration/story/regions';
import { messageTellers } from '../../src/narration/story/messages';
import { noteTellers } from '../../src/narration/story/note';
import { serverTellers } from '../../src/narration/story/server';
import type { Story } from '../../src/narration/story/teller';
import { versioningTellers } from '../../src/narration/story/versioning';
import { workerTellers } from '../../src/narration/story/workers';
import { workflowTellers } from '../../src/narration/story/workflow';

const TOPICS = {
  server: serverTellers,
  workers: workerTellers,
  workflow: workflowTellers,
  messages: messageTellers,
  activities: activityTellers,
  'activity progress': activityProgressTellers,
  cluster: clusterTellers,
  regions: regionTellers,
  chaos: chaosTellers,
  bench: benchTellers,
  versioning: versioningTellers,
  note: noteTellers,
};

/** The event types some topic above tells, each topic's own. */
type ToldBy<Topic> = Topic extends (story: Story) => infer Tellers ? keyof Tellers : never;
/** This list leaves no event type out: a new topic left out of it does not compile. */
const EVERY_TYPE_TOLD: [ProgressEventType] extends [ToldBy<(typeof TOPICS)[keyof typeof TOPICS]>]
  ? true
  : false = true;

/** A story that writes nowhere: only the tellers' names are read here. */
const SILENT: Story = {
  chalk: new Chalk({ level: 0 }),
  invocation: 'order-demo',
  say: () => undefined,
  line: () => undefined,
  indented: () => undefined,
  setStatus: () => undefined,
  deferCountdown: () => undefined,
  startDeferredCountdown: () => undefined,
};

describe('the story, told by topic', () => {
  it('tells each event type in one topic only', () => {
    const tellerOf = new Map<string, string>();
    for (const [topic, tellers] of Object.entries(TOPICS)) {
      for (const type of Object.keys(tellers(SILENT))) {
        expect(tellerOf.get(type), `${type} is told by ${tellerOf.get(type)} and by ${topic}`).to.equal(
          undefined,
        );
        tellerOf.set(type, topic);
      }
    }
    expect(EVERY_TYPE_TOLD).to.equal(true);
  });
});
