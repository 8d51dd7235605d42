import type { AppCatalog } from '../../app-catalog';
import { environmentTrees } from '../../render/render-environment';
import { renderAll } from '../../synth-pipeline';
import { readEnvironmentDist } from './apply-image';

/** Files of dist/<env>/ (all its clusters) that differ from a fresh render of the current overlays (empty: current). */
export async function staleDistFiles(root: string, catalog: AppCatalog, env: string): Promise<string[]> {
  const { rendered } = await renderAll({ root, catalog, only: [env] });
  const fresh = new Map([...(environmentTrees(rendered).get(env) ?? [])].map(([file, text]) => [`${env}/${file}`, text]));
  const committed = readEnvironmentDist(root, env);
  return [...new Set([...fresh.keys(), ...committed.keys()])].filter((file) => fresh.get(file) !== committed.get(file)).sort();
}
