// oclif hook: an unknown command is bad input like any other — one line saying what to do next, exit 2.
import type { Hook } from '@oclif/core';
import { EXIT } from './exit-codes';

const commandNotFound: Hook<'command_not_found'> = async function ({ id, config }) {
  const words = id.split(':');
  // Within a known topic ("worker nope"), point at that topic's help.
  const topic = config.topics.find((known) => known.name === words[0] && words.length > 1);
  const help = topic ? `${config.bin} ${topic.name} --help` : `${config.bin} --help`;
  process.stderr.write(
    `Error: unknown command "${words.join(' ')}": run \`${help}\` for the list of commands\n`,
  );
  this.exit(EXIT.usage);
};

export default commandNotFound;
