// The event stream keeps what a report lists (a scenario's steps), and nothing where nobody reads it afterwards (a
// long-running worker, chaos, bench), while every subscriber still hears every event.
import { expect } from 'chai';
import { EventBus } from '../../src/events/event-bus';
import { panicOrLastLines, withTail } from '../../src/processes/output-tail';

describe('the event stream and what processes print', () => {
  it('keeps every event by default, and none when told to, telling subscribers all the same', () => {
    const kept = new EventBus();
    const unkept = new EventBus({ keep: false });
    let heard = 0;
    unkept.subscribe(() => heard++);
    for (let index = 0; index < 1_000; index++) {
      kept.emit({ type: 'note', text: `event ${index}` });
      unkept.emit({ type: 'note', text: `event ${index}` });
    }
    expect(kept.events).to.have.length(1_000);
    expect(unkept.events).to.have.length(0);
    expect(heard).to.equal(1_000);
  });

  it('keeps only the last few thousand characters a child prints on stderr', () => {
    let kept = '';
    for (let index = 0; index < 10_000; index++) kept = withTail(kept, `line ${index}\n`);
    expect(kept.length).to.be.at.most(4_000);
    expect(kept.endsWith('line 9999\n')).to.equal(true);
  });

  it('says why a Go program panicked by its panic line, not the end of its stack trace', () => {
    const panicked = [
      'panic: failed assigning ephemeral port: failed to assign a free port: connect: cannot assign requested address',
      '',
      'goroutine 1 [running]:',
      'github.com/temporalio/cli/temporalcli/devserver.MustGetFreePort(...)',
      'main.main()',
      '\tcmd/temporal/main.go:18 +0x96',
    ].join('\n');
    expect(panicOrLastLines(panicked)).to.equal(
      'panic: failed assigning ephemeral port: failed to assign a free port: connect: cannot assign requested address',
    );
    expect(panicOrLastLines('starting\nError: address already in use\n')).to.equal(
      'starting Error: address already in use',
    );
  });
});
