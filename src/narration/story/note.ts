// A remark of the run that is no step of its own.
import type { NoteEvent } from '../../events/events';
import type { Story, Tellers } from './teller';

export function noteTellers(story: Story): Tellers<NoteEvent> {
  return {
    note: (event) => story.say(event, story.chalk.dim(event.text)),
  };
}
