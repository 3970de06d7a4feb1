// oclif hook: an unknown command is bad input like any other — one line naming the closest command and what to do
// next, exit 2.
import type { Hook } from '@oclif/core';
import { distance } from 'fastest-levenshtein';
import { EXIT } from '../domain/errors';

/** A typo this far from a command (in edits, per character typed) still means that command. */
const MAX_EDITS_PER_CHARACTER = 1 / 3;

/** The command a person most likely meant: one the typed words begin, else the nearest by edits, if near enough. */
function closestCommand(typed: string, commands: readonly string[]): string | undefined {
  const extending = commands.filter((command) => command.startsWith(typed));
  if (extending.length === 1) return extending[0];
  if (extending.length > 1) return undefined;
  let best: { command: string; edits: number } | undefined;
  for (const command of commands) {
    const edits = distance(typed, command);
    if (!best || edits < best.edits) best = { command, edits };
  }
  return best && best.edits <= Math.max(1, Math.floor(typed.length * MAX_EDITS_PER_CHARACTER))
    ? best.command
    : undefined;
}

const commandNotFound: Hook<'command_not_found'> = async function ({ id, config }) {
  const words = id.split(':');
  const typed = words.join(' ');
  // Within a known topic ("worker nope"), point at that topic's help.
  const topic = config.topics.find((known) => known.name === words[0] && words.length > 1);
  const help = topic ? `${config.bin} ${topic.name} --help` : `${config.bin} --help`;
  const commands = config.commands
    .filter((command) => !command.hidden)
    .map((command) => command.id.split(':').join(' '));
  const suggestion = closestCommand(typed, commands);
  const didYouMean = suggestion ? `did you mean \`${config.bin} ${suggestion}\`? Or run` : 'run';
  process.stderr.write(
    `Error: unknown command "${typed}": ${didYouMean} \`${help}\` for the list of commands\n`,
  );
  this.exit(EXIT.usage);
};

export default commandNotFound;
