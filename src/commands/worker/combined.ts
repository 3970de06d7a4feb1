import WorkerActivity from './activity';

export default class WorkerCombined extends WorkerActivity {
  static override summary =
    'A long-running worker for workflows and activities in one process, until Ctrl+C.';
  static override description =
    'Runs OrderWorkflow and its activities in one worker: when a workflow task schedules an activity, the server ' +
    'can hand the activity over with its answer (eager activity execution, where the server allows it), with no ' +
    'trip through the task queue. The sample splits the two roles (worker workflow, worker activity); bench runs ' +
    'this by default. Same flags as worker activity.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Ten times faster (match the starter’s --speed)',
      command: '<%= config.bin %> <%= command.id %> --speed 10',
    },
  ];
  protected override readonly role = 'combined';
}
