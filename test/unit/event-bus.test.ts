// The event stream keeps what a report lists (a scenario's steps), and nothing where nobody reads it afterwards (a
// long-running worker, chaos, bench), while every subscriber still hears every event.
import { expect } from 'chai';
import { EventBus } from '../../src/events/event-bus';
import { lostAPortWhileStarting } from '../../src/processes/dev-server-process';
import { causeOfFailure, KeptOutput } from '../../src/processes/output-tail';

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

  it('keeps the first and the last few thousand characters a child prints, with a gap between', () => {
    const kept = new KeptOutput();
    for (let index = 0; index < 10_000; index++) kept.add(`line ${index}\n`);
    expect(kept.text.length).to.be.at.most(8_010);
    expect(kept.text.startsWith('line 0\nline 1\n')).to.equal(true);
    expect(kept.text).to.include('\n…\n');
    expect(kept.text.endsWith('line 9999\n')).to.equal(true);
    const short = new KeptOutput();
    short.add('one\n');
    short.add('two\n');
    expect(short.text).to.equal('one\ntwo\n');
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
    expect(causeOfFailure(panicked)).to.equal(
      'panic: failed assigning ephemeral port: failed to assign a free port: connect: cannot assign requested address',
    );
    expect(lostAPortWhileStarting(panicked)).to.equal(true);
    expect(causeOfFailure('starting\nError: address already in use\n')).to.equal(
      'starting Error: address already in use',
    );
  });

  it('says why the dev server failed by the error it logged before a stack trace longer than the tail', () => {
    const listenerLost =
      'time=2026-12-06T19:59:01.101 level=ERROR msg="Failed to start gRPC listener" ' +
      'error="listen tcp 127.0.0.1:41317: bind: address already in use" service=history address=127.0.0.1:41317';
    const stderr = new KeptOutput();
    stderr.add(`${listenerLost}\npanic: runtime error: invalid memory address or nil pointer dereference\n`);
    for (let frame = 0; frame < 200; frame++)
      stderr.add(`go.uber.org/dig.paramList.BuildList(...)\n\t/dig/param.go:${frame}\n`);
    stderr.add('main.main()\n\t/cmd/temporal/main.go:18 +0x96\n');
    expect(causeOfFailure(stderr.text)).to.equal(listenerLost);
    expect(lostAPortWhileStarting(stderr.text)).to.equal(true);
    expect(
      lostAPortWhileStarting('level=ERROR msg="can\'t set frontend port 7233: bind: address already in use"'),
    ).to.equal(false);
  });
});
