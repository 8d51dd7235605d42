import { secretInValue } from '../secrets/secret-detector';
import type { ConfigProblem } from './config-error';
import { describeInvisible, invisibleCharacter, showText } from './text';
import type { YamlSource } from './yaml-source';
import { fieldName } from './zod-problems';

/**
 * Longest string an overlay value or key may be. The longest real value is a PEM public key
 * (~180 characters); the limit keeps every field's pattern check fast on hostile input.
 */
export const MAX_OVERLAY_STRING = 4096;

/** Problems of the strings of one overlay file, and whether any is too long to validate further. */
export interface StringProblems {
  readonly problems: readonly ConfigProblem[];
  /** Fields whose problem is already reported here; schema problems for them add nothing. */
  readonly fields: ReadonlySet<string>;
  readonly tooLong: boolean;
}

/**
 * The one check every string of every overlay file passes (values and mapping keys, whatever
 * field they are in), before the schema's field checks: no control or invisible characters
 * (line feeds only in block scalars such as a PEM key), at most MAX_OVERLAY_STRING characters,
 * and no value that looks like a credential (src/secrets/: overlays hold Vault references, never
 * values). A walk over the parsed document rather than a zod refinement on each string schema:
 * it also covers keys, which only some schemas check, and no schema can forget it.
 */
export function overlayStringProblems(source: YamlSource): StringProblems {
  const problems: ConfigProblem[] = [];
  const fields = new Set<string>();
  let tooLong = false;
  for (const string of source.strings()) {
    // Where the string is (its field and line) is worked out only for a string with a problem.
    const at = () => ({ file: source.file, line: string.line, field: fieldName(string.path) });
    // A string of at most MAX_OVERLAY_STRING UTF-16 units has at most that many characters.
    const characters = string.value.length > MAX_OVERLAY_STRING ? [...string.value].length : string.value.length;
    const invisible = invisibleCharacter(string.value, { lineFeeds: string.isBlock });
    const problem: ConfigProblem | undefined =
      characters > MAX_OVERLAY_STRING ? { ...at(), problem: `${string.isKey ? 'key' : 'value'} too long (${characters} characters)`, got: showText(string.value), expected: `at most ${MAX_OVERLAY_STRING} characters` }
      : invisible ? { ...at(), problem: `${string.isKey ? 'key ' : ''}${describeInvisible(invisible)}`, got: showText(string.value), expected: 'visible characters only (retype the value)' }
      : string.isKey ? undefined
      : secretProblem(at, string.value);
    if (problem === undefined) continue;
    const { field } = problem;
    tooLong ||= characters > MAX_OVERLAY_STRING;
    problems.push(problem);
    fields.add(field);
  }
  return { problems, fields, tooLong };
}

function secretProblem(at: () => Pick<ConfigProblem, 'file' | 'line' | 'field'>, value: string): ConfigProblem | undefined {
  const why = secretInValue(value);
  // The value is not repeated: it may be a live credential.
  return why === undefined ? undefined : { ...at(), problem: `${why}; the value is not shown`, expected: 'a Vault reference (overlays never hold credentials; rotate this one)' };
}
