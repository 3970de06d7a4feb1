// A remark of the run that is no step of its own: the encryption in use, what an act is about to show.

export type NoteEvent = { type: 'note'; text: string };
