import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

// Helm is built from its official Go module, pinned in tools/go.mod (a `tool` directive, go.sum
// committed), so every machine renders with the same bytes Argo CD's repo-server runs
// (docs/decisions/helm-rendering.md). Go's build cache makes a rebuild after the first one cheap.

/** The Go module whose cmd/helm is built. */
export const HELM_MODULE = 'helm.sh/helm/v4';
const HELM_PACKAGE = `${HELM_MODULE}/cmd/helm`;

/** Where the pinned helm lands, below the repository root. */
export const HELM_BINARY = path.join('.cache', 'bin', 'helm');

export interface HelmTool {
  /** Absolute path of the binary. */
  readonly path: string;
  /** Its version as `helm version` reports it, e.g. v4.2.1. */
  readonly version: string;
}

/** Go is not installed: helm cannot be built here (the caller decides whether that is fatal). */
export class GoUnavailableError extends Error {
  override readonly name = 'GoUnavailableError';
}

/** The version tools/go.mod pins for the helm module. */
export function pinnedHelmVersion(repoRoot: string): string {
  const goMod = path.join(repoRoot, 'tools', 'go.mod');
  const text = readFileSync(goMod, 'utf8');
  const match = new RegExp(`^\\s*${HELM_MODULE.replaceAll('.', '\\.')}\\s+(v\\S+)`, 'm').exec(text);
  if (match === null) throw new Error(`${goMod}: no requirement on ${HELM_MODULE} (expected a line "${HELM_MODULE} vX.Y.Z")`);
  return match[1]!;
}

/** The version a helm binary reports, or undefined when it does not run. */
export function helmVersionOf(binary: string): string | undefined {
  if (!existsSync(binary)) return undefined;
  const result = spawnSync(binary, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export interface EnsureHelmOptions {
  /** Progress lines (the build announces itself: it can take minutes the first time). */
  readonly log?: (line: string) => void;
  /** Environment of the go commands (PATH finds go). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface EnsureHelmResult extends HelmTool {
  /** Whether this call built it (false: the binary was already the pinned version). */
  readonly built: boolean;
  readonly seconds: number;
}

/**
 * Returns the pinned helm, building it into <repoRoot>/.cache/bin/helm first when it is missing
 * or another version. Idempotent; when current it costs one `helm version`. Throws
 * GoUnavailableError when there is no Go toolchain, Error when the build fails.
 */
export function ensureHelm(repoRoot: string, options: EnsureHelmOptions = {}): EnsureHelmResult {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const start = performance.now();
  const version = pinnedHelmVersion(repoRoot);
  const binary = path.join(repoRoot, HELM_BINARY);
  if (helmVersionOf(binary) === version) return { path: binary, version, built: false, seconds: (performance.now() - start) / 1000 };

  const tools = path.join(repoRoot, 'tools');
  // In tools/, so the answer is the toolchain that module builds with (go.mod may select one).
  const go = spawnSync('go', ['version'], { cwd: tools, encoding: 'utf8', env });
  if (go.error !== undefined || go.status !== 0) {
    throw new GoUnavailableError(`cannot build helm ${version}: no Go toolchain on PATH (${go.error?.message ?? go.stderr.trim()}); install Go 1.26+ (https://go.dev/dl/) and run npm run tools`);
  }
  log(`building helm ${version} from ${HELM_PACKAGE} with ${go.stdout.trim()} into ${HELM_BINARY}`);
  // A temporary name, renamed when complete: a concurrent run (two test workers) or an
  // interrupted build never leaves a half-written binary under the final name.
  const partial = `${binary}.partial-${process.pid}`;
  mkdirSync(path.dirname(binary), { recursive: true });
  try {
    const build = spawnSync('go', ['build', '-trimpath', '-ldflags', ldflags(version), '-o', partial, HELM_PACKAGE], {
      cwd: tools,
      // Static and reproducible like upstream's own release build (its Makefile sets CGO_ENABLED=0).
      env: { ...env, CGO_ENABLED: '0' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (build.status !== 0) throw new Error(`building helm ${version} failed (go build in tools/):\n${build.stderr.trim() || build.error?.message}`);
    const built = helmVersionOf(partial);
    if (built !== version) throw new Error(`the helm built from tools/go.mod reports version ${built ?? '(does not run)'}, expected ${version}`);
    renameSync(partial, binary);
  } finally {
    rmSync(partial, { force: true });
  }
  return { path: binary, version, built: true, seconds: (performance.now() - start) / 1000 };
}

/** Stamps the version the way helm's Makefile does for a release tag (otherwise it says "v4.2"). */
function ldflags(version: string): string {
  return `-s -w -X ${HELM_MODULE}/internal/version.version=${version}`;
}
