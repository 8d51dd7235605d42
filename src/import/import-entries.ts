import { formatProblem, type ConfigProblem } from '../config/config-error';
import { YamlSource } from '../config/yaml-source';

/** One entry of cdk8s.yaml's `imports:`: a module name and the pinned upstream CRD it is generated from. */
export interface ImportEntry {
  readonly name: string;
  readonly url: string;
  /** Where the entry is written, for messages: "cdk8s.yaml:12". */
  readonly where: string;
}

const ENTRY = /^([A-Za-z0-9][A-Za-z0-9._-]*):=(https:\/\/\S+)$/;
const EXPECTED = 'NAME:=https://<pinned URL of a CRD file>, e.g. velero-schedule:=https://raw.githubusercontent.com/vmware-tanzu/velero/v1.18.1/config/crd/v1/bases/velero.io_schedules.yaml';

/**
 * The `imports:` of a cdk8s.yaml: the single list that generates both the typed constructs and the
 * schemas npm run check validates custom resources against. Every problem is reported at once,
 * with its line.
 */
export function readImportEntries(file: string, text: string): ImportEntry[] {
  const source = new YamlSource(file, text);
  const problems: ConfigProblem[] = [...source.problems];
  const imports = problems.length === 0 ? (source.data as { imports?: unknown } | null)?.imports : [];
  if (!Array.isArray(imports)) {
    problems.push({ file, line: source.lineOfPath(['imports']), field: 'imports', problem: 'missing or not a list', expected: `a list of ${EXPECTED}` });
  }
  const entries: ImportEntry[] = [];
  const byName = new Map<string, ImportEntry>();
  for (const [index, item] of (Array.isArray(imports) ? imports : []).entries()) {
    const line = source.lineOfPath(['imports', index]);
    const match = typeof item === 'string' ? ENTRY.exec(item.trim()) : null;
    if (match === null) {
      problems.push({ file, line, field: `imports[${index}]`, problem: 'not an import of a pinned CRD URL', got: JSON.stringify(item), expected: EXPECTED });
      continue;
    }
    const entry: ImportEntry = { name: match[1]!, url: match[2]!, where: `${file}:${line}` };
    const previous = byName.get(entry.name);
    if (previous !== undefined) {
      problems.push({ file, line, field: `imports[${index}]`, problem: `module name "${entry.name}" is used twice`, got: `also at ${previous.where}`, expected: 'one name per import (it names the generated file)' });
      continue;
    }
    byName.set(entry.name, entry);
    entries.push(entry);
  }
  if (problems.length > 0) throw new Error(problems.map(formatProblem).join('\n'));
  return entries;
}
