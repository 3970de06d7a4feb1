// A run's options as oclif flags, and the flags' values back as the run's typed options: the options are the
// single source of every default, range and description (runs/options.ts).
import type { Interfaces } from '@oclif/core';
import { Flags } from '@oclif/core';
import type { OptionSpec, OptionSpecs, OptionValues } from '../runs/options';
import { flagName } from '../runs/options';

/** A flag of any value (oclif's own FlagInput holds flags of `any` value). */
type AnyFlag = Interfaces.FlagInput[string];

function described(spec: OptionSpec): string {
  const defaultHelp = 'defaultHelp' in spec ? spec.defaultHelp : undefined;
  return defaultHelp ? `${spec.description.replace(/\.$/, '')} [default: ${defaultHelp}].` : spec.description;
}

function flagOf(spec: OptionSpec, specs: OptionSpecs): AnyFlag {
  const common = {
    description: described(spec),
    helpGroup: spec.group,
    exclusive: spec.exclusive?.map((name) => flagName(name, specs[name])),
  };
  switch (spec.type) {
    case 'integer':
      return Flags.integer({ ...common, min: spec.min, max: spec.max, default: spec.default });
    case 'number':
      return Flags.custom<number>({
        ...common,
        default: spec.default,
        parse: async (text) => spec.parse(text),
      })();
    case 'choice':
      return Flags.option({ ...common, options: spec.choices, default: spec.default })();
    case 'switch':
      // A switch that is on by default is turned off with its --no- form.
      return spec.default
        ? Flags.boolean({ ...common, default: true, allowNo: true })
        : Flags.boolean(common);
    case 'text': {
      const parse = spec.parse ?? ((text: string) => text);
      return Flags.string({ ...common, default: spec.default, parse: async (text) => parse(text) });
    }
    case 'list':
      return Flags.custom<number[]>({ ...common, parse: async (text) => spec.parse(text) })();
  }
}

/** The flags of these options, named after them (see flagName). */
export function flagsFor(specs: OptionSpecs): Interfaces.FlagInput {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [flagName(name, spec), flagOf(spec, specs)]),
  );
}

/**
 * The options' values from the parsed flags: a switch left out is its default (off unless the spec says on), an
 * optional option left out undefined.
 */
export function optionsFromFlags<Specs extends OptionSpecs>(
  specs: Specs,
  flags: Readonly<Record<string, unknown>>,
): OptionValues<Specs> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = flags[flagName(name, spec)];
    values[name] = spec.type === 'switch' ? (value ?? spec.default ?? false) === true : value;
  }
  return values as OptionValues<Specs>;
}
