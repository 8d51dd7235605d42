import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { describeError } from './cli/lib/describe-error';
import { asExclusiveWriter } from './cli/lib/exclusive-writer';
import { ConfigError } from './config/config-error';
import { PublishInterrupted } from './render/publish-dist';
import { publishTestHook } from './render/publish-hook';
import { REPO_ROOT, synth } from './synth-pipeline';

const HELP = `Usage: npm run synth [-- --env <name> ...] [--root <dir>] [--out <dir>]

Renders every environment in overlays/environments.yaml into dist/<env>/ (all of them by
default). Output is written to a staging directory and swapped into place only when every
environment rendered, all changed environments together; on any error dist/ is left exactly as
it was and the exit code is 1. One writer at a time: a synth, set-image or promote already
running in the repository is waited for (GITOPS_WRITER_LOCK_WAIT seconds, default 30), and an
earlier writer that was killed is completed or undone first (one line on stderr says which).

  --env <name>   render only this environment (repeatable); all overlays are still validated
  --root <dir>   read overlays/ from and write dist/ below this directory (default: the repo)
  --out <dir>    write environments here instead of <root>/dist
  --help         show this text`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string', multiple: true },
      root: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const start = performance.now();
  const root = path.resolve(values.root ?? REPO_ROOT);
  const outDir = values.out ? path.resolve(values.out) : path.join(root, 'dist');
  const writer = { root, distDir: outDir, command: ['synth', ...process.argv.slice(2)].join(' '), log: (line: string) => console.error(`synth: ${line}`) };
  const summaries = await asExclusiveWriter(writer, () => synth({ root, outDir, only: values.env, onPublishPoint: publishTestHook(process.env) }));
  for (const s of summaries) {
    console.log(
      `${s.name.padEnd(8)} ${String(s.clusters).padStart(3)} cluster${s.clusters === 1 ? ' ' : 's'} ${String(s.objects).padStart(6)} objects  ${String(s.files).padStart(5)} files  ` +
        `+${s.added} ~${s.changed} -${s.removed}  ${s.seconds.toFixed(2)}s`,
    );
  }
  console.log(`synth done in ${((performance.now() - start) / 1000).toFixed(2)}s`);
  return 0;
}

// Exit codes are set, never process.exit(): stdout and stderr may be pipes that still hold
// output, and the process ends on its own once they are written.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`synth failed: ${error.problems.length} problem(s) in overlays, dist/ unchanged\n${error.message}`);
    } else if (error instanceof PublishInterrupted) {
      console.error(`synth failed: ${error.message}`);
    } else {
      console.error(`synth failed, dist/ unchanged: ${describeError(error)}`);
    }
    process.exitCode = 1;
  },
);
