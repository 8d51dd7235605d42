import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadEnvironmentNames } from '../config/load-overlays';
import { listFiles } from '../render/write-dist';
import { type Command, parseCommandLine, Refusal, UsageError } from './lib/command';
import { diffDistTrees, formatDistDiff } from './lib/dist-diff';
import { Git } from './lib/git';
import { resolveRoot, ROOT_HELP, ROOT_OPTION } from './lib/root-option';

const HELP = `Usage: npm run diff -- --base <git-rev>

Summarizes what the working tree's dist/ changes compared with dist/ at <git-rev> (a branch,
tag or commit, e.g. origin/main): the digests that moved, then per environment and Argo CD
Application folder the objects added, changed (with the changed fields) and removed. The output
is Markdown, meant for a pull request description. Run npm run synth first if you changed
charts or overlays.

  --base <git-rev>   what to compare against
${ROOT_HELP}
  --help             show this text`;

export const diffCommand: Command = {
  name: 'diff',
  help: HELP,
  run: async (args, context) => {
    const { values, positionals } = parseCommandLine(args, { base: { type: 'string' }, ...ROOT_OPTION });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.base) throw new UsageError('--base <git-rev> is required');
    const root = resolveRoot(values.root);
    const git = new Git(root);
    if (!git.isRepository()) throw new Refusal(`${root} is not a Git repository`);
    let base: string;
    try {
      base = git.revParse(values.base);
    } catch {
      throw new Refusal(`'${values.base}' is not a commit in ${root}`);
    }

    const baseBlobs = new Map([...git.treeBlobs(base, 'dist')].map(([file, id]) => [file.slice('dist/'.length), id]));
    const headFiles = [...listFiles(path.join(root, 'dist'))].sort();
    const headBlobs = git.hashFiles(headFiles.map((file) => `dist/${file}`));
    // Read only what differs: a promotion changes a handful of files out of thousands.
    const differing = [...new Set([...baseBlobs.keys(), ...headFiles])].filter((file) => baseBlobs.get(file) !== headBlobs.get(`dist/${file}`));
    const baseContents = git.readBlobs(differing.flatMap((file) => baseBlobs.get(file) ?? []));
    const baseTree = new Map(differing.flatMap((file) => (baseBlobs.has(file) ? [[file, baseContents.get(baseBlobs.get(file)!)!] as const] : [])));
    const headTree = new Map(differing.filter((file) => headBlobs.has(`dist/${file}`)).map((file) => [file, readFileSync(path.join(root, 'dist', file), 'utf8')] as const));

    const changes = diffDistTrees(baseTree, headTree);
    context.out(formatDistDiff(changes, { environments: environmentOrder(root), title: `## Rendered changes against ${values.base} (${base.slice(0, 12)})` }));
    return 0;
  },
};

function environmentOrder(root: string): readonly string[] {
  try {
    return loadEnvironmentNames(root);
  } catch {
    return [];
  }
}
