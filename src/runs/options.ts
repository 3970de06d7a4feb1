// A run's options, each with its default, its range and what it means: the single source from which the command's
// flags are built (cli/run-flags.ts) and against which its values are checked. Each constructor returns a spec that
// carries its value's type, so a run's `options` record types the values its `run` receives.

interface OptionBase {
  description: string;
  /** The heading its flag is listed under in the help, when not the command's own flags. */
  group?: string;
  /** The flag's name when it is not the option's own in kebab-case (`approval` → `--approve`). */
  flag?: string;
  /** Options that cannot be given together with this one (by option name). */
  exclusive?: readonly string[];
}

export interface IntegerSpec extends OptionBase {
  type: 'integer';
  min: number;
  max: number;
  /** Absent: the option may be left out (the run decides, e.g. a random seed). */
  default?: number;
  /** What leaving it out means, for the help (`random, printed`). */
  defaultHelp?: string;
}

export interface NumberSpec extends OptionBase {
  type: 'number';
  default: number;
  /** Turns the text a person typed into the value, or throws an InvalidInputError saying what would work. */
  parse(text: string): number;
}

export interface ChoiceSpec extends OptionBase {
  type: 'choice';
  choices: readonly string[];
  default: string;
}

export interface SwitchSpec extends OptionBase {
  type: 'switch';
  /** On unless turned off: its flag then has a --no- form. Default: off. */
  default?: boolean;
}

export interface TextSpec extends OptionBase {
  type: 'text';
  default?: string;
  defaultHelp?: string;
  parse?(text: string): string;
}

export interface ListSpec extends OptionBase {
  type: 'list';
  defaultHelp?: string;
  parse(text: string): number[];
}

export type OptionSpec = IntegerSpec | NumberSpec | ChoiceSpec | SwitchSpec | TextSpec | ListSpec;

/** An option spec that carries the type of its value (only at compile time). */
export type Option<Value> = OptionSpec & { readonly valueType?: Value };

export type OptionSpecs = Readonly<Record<string, Option<unknown>>>;

/** The values a run's options take, typed from their specs. */
export type OptionValues<Specs extends OptionSpecs> = {
  [Name in keyof Specs]: Specs[Name] extends Option<infer Value> ? Value : never;
};

type Described<Spec extends OptionSpec> = Omit<Spec, 'type'>;

export const option = {
  integer: (spec: Described<IntegerSpec> & { default: number }): Option<number> => ({
    type: 'integer',
    ...spec,
  }),
  /** A whole number that may be left out. */
  optionalInteger: (spec: Described<IntegerSpec> & { default?: undefined }): Option<number | undefined> => ({
    type: 'integer',
    ...spec,
  }),
  number: (spec: Described<NumberSpec>): Option<number> => ({ type: 'number', ...spec }),
  choice: <Choice extends string>(
    spec: Described<ChoiceSpec> & { choices: readonly Choice[]; default: Choice },
  ): Option<Choice> => ({ type: 'choice', ...spec }),
  switch: (spec: Described<SwitchSpec>): Option<boolean> => ({ type: 'switch', ...spec }),
  text: (spec: Described<TextSpec> & { default: string }): Option<string> => ({ type: 'text', ...spec }),
  optionalText: (spec: Described<TextSpec> & { default?: undefined }): Option<string | undefined> => ({
    type: 'text',
    ...spec,
  }),
  list: (spec: Described<ListSpec>): Option<number[] | undefined> => ({ type: 'list', ...spec }),
};

/** The flag of an option: its own name in kebab-case unless the spec names another. */
export function flagName(name: string, spec: OptionSpec): string {
  return spec.flag ?? name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Every option at its default: what a run does unless a person says otherwise, and always under `all`. */
export function defaultsOf<Specs extends OptionSpecs>(specs: Specs): OptionValues<Specs> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    values[name] =
      spec.type === 'switch' ? (spec.default ?? false) : 'default' in spec ? spec.default : undefined;
  }
  return values as OptionValues<Specs>;
}
