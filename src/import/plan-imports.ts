import { crdsOf } from './crd-documents';
import type { ImportEntry } from './import-entries';
import { crdSchemaFile, kubernetesDefinitionsFile, type GeneratedFile } from './schema-files';
import { KUBERNETES_DEFINITIONS_URL } from './upstream-files';

/** The CRD text cdk8s import generates one module of imports/ from. */
export interface TypeSource {
  readonly name: string;
  readonly text: string;
}

/** Everything npm run import writes, computed in memory from the upstream texts. */
export interface ImportPlan {
  /** The schemas, below imports/schemas/, in path order. */
  readonly schemaFiles: readonly GeneratedFile[];
  /** One source per cdk8s.yaml import, in its order, holding only the CRDs the import stands for. */
  readonly typeSources: readonly TypeSource[];
}

/**
 * Derives the schemas and the inputs of cdk8s import from one list (cdk8s.yaml's imports), so the
 * typed constructs and the schemas the check validates them against cannot disagree.
 * @param texts upstream text by URL, for KUBERNETES_DEFINITIONS_URL and every entry's URL.
 */
export function planImports(entries: readonly ImportEntry[], texts: ReadonlyMap<string, string>): ImportPlan {
  const textOf = (url: string): string => {
    const text = texts.get(url);
    if (text === undefined) throw new Error(`${url} was not read`);
    return text;
  };
  const schemaFiles: GeneratedFile[] = [kubernetesDefinitionsFile(KUBERNETES_DEFINITIONS_URL, textOf(KUBERNETES_DEFINITIONS_URL))];
  const typeSources: TypeSource[] = [];
  const importOf = new Map<string, ImportEntry>();
  for (const entry of entries) {
    const crds = crdsOf(entry, textOf(entry.url));
    for (const crd of crds) {
      const key = `${crd.kind}.${crd.group}`;
      const previous = importOf.get(key);
      if (previous !== undefined) throw new Error(`${entry.where}: import ${entry.name} defines ${key} again (already from import ${previous.name}, ${previous.where}); keep one`);
      importOf.set(key, entry);
      schemaFiles.push(crdSchemaFile(entry, crd));
    }
    typeSources.push({ name: entry.name, text: crds.map((crd) => crd.text).join('') });
  }
  return { schemaFiles: schemaFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), typeSources };
}
