import { Errors } from '@oclif/core';
import { expect } from 'chai';
import { exitCodeFor, messageFor } from '../../src/cli/exit-codes';
import { EXIT, InvalidInputError } from '../../src/domain/errors';
import { MalformedExpiryError } from '../../src/domain/expiry';
import { InvalidSpeedError } from '../../src/domain/speed';
import { ConnectionSettingsError } from '../../src/temporal/connection-settings';
import { ServerUnavailableError, WorkflowRequestError } from '../../src/temporal/errors';

describe('exit codes and messages', () => {
  it('maps every kind of failure to its documented code', () => {
    expect(exitCodeFor(new InvalidInputError('x'))).to.equal(EXIT.usage);
    expect(exitCodeFor(new MalformedExpiryError('13/30'))).to.equal(2);
    expect(exitCodeFor(new InvalidSpeedError('0'))).to.equal(2);
    expect(exitCodeFor(new ConnectionSettingsError('x'))).to.equal(2);
    expect(exitCodeFor(new ServerUnavailableError('x'))).to.equal(3);
    expect(exitCodeFor(new WorkflowRequestError('x'))).to.equal(1);
    expect(exitCodeFor(new Error('x'))).to.equal(1);
    expect(exitCodeFor(new Errors.CLIError('x', { exit: 2 }))).to.equal(2);
  });

  it('turns oclif parse errors into one line naming the flag', () => {
    const parsing = new Error(
      'Parsing --speed \n\tinvalid speed "0": expected a number\nSee more help with --help',
    );
    expect(messageFor(parsing)).to.equal('--speed: invalid speed "0": expected a number');
    expect(messageFor(new Error('Nonexistent flag: --x\nSee more help with --help'))).to.equal(
      'Nonexistent flag: --x',
    );
  });
});
