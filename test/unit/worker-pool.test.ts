// Pools of workers started together: when one cannot start its workers, the others are stopped with it — the workers
// still starting too, which would otherwise come up after the command tore down and keep it alive, idle.
import { expect } from 'chai';
import type { WorkerRole } from '../../src/events/events';
import type { WorkerHandle } from '../../src/processes/worker-handle';
import { fillPools, WorkerPool } from '../../src/processes/worker-pool';

/** A worker that never runs anything: its stop is recorded. */
function fakeWorker(role: WorkerRole, name: string, stopped: string[]): WorkerHandle {
  let exit = () => {};
  const exited = new Promise<void>((resolve) => (exit = resolve));
  return {
    role,
    identity: name,
    exited,
    stop: async () => {
      stopped.push(name);
      exit();
    },
  };
}

describe('worker pools started together', () => {
  it('stop every worker, the ones still starting too, when one pool cannot start its workers, then throw its error', async () => {
    const stopped: string[] = [];
    const started: string[] = [];
    let finishStarting = () => {};
    const stillStarting = new Promise<void>((resolve) => (finishStarting = resolve));
    let workflowStarts = 0;
    const workflows = new WorkerPool('workflow', 2, async () => {
      const name = `workflow ${++workflowStarts}`;
      if (workflowStarts === 2) await stillStarting;
      started.push(name);
      return fakeWorker('workflow', name, stopped);
    });
    const activities = new WorkerPool('activity', 1, async () => {
      // Fails once the second workflow worker is on its way up.
      while (workflowStarts < 2) await new Promise((resolve) => setImmediate(resolve));
      setImmediate(finishStarting);
      throw new Error('the activity worker process exited with code 1');
    });

    const filling = fillPools([workflows, activities]);
    const outcome = await filling.then(
      () => 'filled',
      (error: Error) => error.message,
    );

    expect(outcome).to.equal('the activity worker process exited with code 1');
    // Every worker that came up was stopped before the error reached the command, the late one included.
    expect(started).to.deep.equal(['workflow 1', 'workflow 2']);
    expect(stopped).to.have.members(['workflow 1', 'workflow 2']);
  });

  it('start every worker of every pool when none fails', async () => {
    const stopped: string[] = [];
    let count = 0;
    const pool = (role: WorkerRole, size: number) =>
      new WorkerPool(role, size, async () => fakeWorker(role, `${role} ${++count}`, stopped));
    const pools = [pool('workflow', 2), pool('activity', 3)];

    await fillPools(pools);

    expect(count).to.equal(5);
    expect(stopped).to.deep.equal([]);
    await Promise.all(pools.map((member) => member.stop()));
    expect(stopped).to.have.length(5);
  });
});
