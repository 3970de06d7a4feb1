// What the story tells of some events, as a person without a terminal reads it (no colour, no live line).
import { PassThrough } from 'node:stream';
import { EventBus } from '../../src/events/event-bus';
import type { ProgressEvent } from '../../src/events/events';
import { StoryRenderer } from '../../src/narration/story-renderer';

export function storyOf(events: readonly ProgressEvent[]): string {
  const bus = new EventBus();
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const story = new StoryRenderer(bus, {
    color: false,
    interactive: false,
    // A plain stream stands in for stdout: the renderer only writes to it.
    out: out as unknown as NodeJS.WriteStream,
    invocation: 'order-demo',
  }).start();
  try {
    events.forEach((event) => bus.emit(event));
  } finally {
    story.stop();
  }
  return text;
}
