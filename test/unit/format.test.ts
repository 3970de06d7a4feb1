// What the story prints for a person to copy into a shell reaches the command as it was meant, whatever the ID holds.
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { commandLine, shellWord } from '../../src/narration/format';

describe('commands printed for a person to paste', () => {
  it('reach the shell word for word, quotes, spaces and $(…) included, and stay plain where they can', () => {
    const words = [
      'order-order-1-1767225600',
      "it's",
      'a b',
      '$(touch pwned)',
      '`id`',
      '*',
      '127.0.0.1:7233',
      '',
    ];
    const echoed = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${words.map(shellWord).join(' ')}`], {
      encoding: 'utf8',
    });
    expect(echoed.split('\n').slice(0, -1)).to.deep.equal(words);
    expect(
      commandLine('order-demo', ['approve', 'order-order-1-1767225600', '--address', '127.0.0.1:7233']),
    ).to.equal('order-demo approve order-order-1-1767225600 --address 127.0.0.1:7233');
  });
});
