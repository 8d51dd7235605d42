import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../repo-root';
import { ensureHelm, GoUnavailableError, HELM_BINARY } from '../helm/helm-tool';

const HELP = `Usage: npm run tools

Builds the pinned helm (tools/go.mod: helm.sh/helm/v4, the version Argo CD's repo-server runs)
into ${HELM_BINARY} with the Go toolchain. Does nothing when that binary already reports the
pinned version; Go's build cache makes a rebuild after a version bump quick. Needs Go 1.26+ and,
the first time, the Go module proxy.

  --help   show this text`;

function main(): number {
  const { values } = parseArgs({ options: { help: { type: 'boolean' } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const helm = ensureHelm(REPO_ROOT, { log: (line) => console.log(line) });
  console.log(`helm ${helm.version} ready at ${HELM_BINARY} (${helm.built ? `built in ${helm.seconds.toFixed(1)} s` : 'already built'})`);
  return 0;
}

try {
  process.exit(main());
} catch (error) {
  const known = error instanceof GoUnavailableError || (error instanceof Error && error.constructor === Error);
  console.error(`tools failed: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
