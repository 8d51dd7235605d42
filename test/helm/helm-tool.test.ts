import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureHelm, GoUnavailableError, HELM_BINARY, pinnedHelmVersion } from '../../src/helm/helm-tool';
import { HELM, scratchDir } from '../support/helm';
import { REPO_ROOT } from '../support/repo';

// The real build runs in test/support/helm-setup.ts and in .ci/run (minutes cold); these cases
// replace `go` by a script on PATH that records its arguments and "builds" a helm stand-in.

const pinned = pinnedHelmVersion(REPO_ROOT);

function executable(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/** A repository root with tools/go.mod, and a PATH whose `go` logs calls and writes a helm reporting `builds`. */
function fakeToolchain(builds: string): { root: string; env: NodeJS.ProcessEnv; goCalls: () => string[] } {
  const root = scratchDir('tools-root');
  cpSync(path.join(REPO_ROOT, 'tools'), path.join(root, 'tools'), { recursive: true });
  const bin = scratchDir('fake-go');
  const log = path.join(bin, 'calls.log');
  executable(
    path.join(bin, 'go'),
    `#!/bin/sh
echo "$PWD $*" >> '${log}'
if [ "$1" = version ]; then echo "go version go1.26.0 linux/amd64"; exit 0; fi
while [ $# -gt 0 ]; do if [ "$1" = -o ]; then out="$2"; fi; shift; done
printf '#!/bin/sh\\necho ${builds}\\n' > "$out" && chmod +x "$out"
`,
  );
  return { root, env: { PATH: `${bin}:/usr/bin:/bin` }, goCalls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

describe('the pinned helm tool', () => {
  it('the pin is the helm module version in tools/go.mod, and the tool directive builds its cmd/helm', () => {
    const goMod = readFileSync(path.join(REPO_ROOT, 'tools/go.mod'), 'utf8');
    expect(goMod).toMatch(/^tool helm\.sh\/helm\/v4\/cmd\/helm$/m);
    expect(goMod).toContain(`helm.sh/helm/v4 ${pinned}`);
    expect(pinned).toMatch(/^v4\.\d+\.\d+$/);
  });

  it.skipIf(HELM === null)('the binary the test run uses is the pinned version', () => {
    expect(HELM!.version).toBe(pinned);
  });

  it('builds when missing (go build of the module in tools/, version stamped), then does nothing while current', () => {
    const { root, env, goCalls } = fakeToolchain(pinned);
    const first = ensureHelm(root, { env });
    expect(first).toMatchObject({ path: path.join(root, HELM_BINARY), version: pinned, built: true });
    expect(goCalls()).toEqual([
      `${path.join(root, 'tools')} version`,
      `${path.join(root, 'tools')} build -trimpath -ldflags -s -w -X helm.sh/helm/v4/internal/version.version=${pinned} -o ${path.join(root, HELM_BINARY)}.partial-${process.pid} helm.sh/helm/v4/cmd/helm`,
    ]);
    const second = ensureHelm(root, { env });
    expect(second.built).toBe(false);
    expect(goCalls()).toHaveLength(2);
  });

  it('rebuilds a binary of another version', () => {
    const { root, env, goCalls } = fakeToolchain(pinned);
    executable(path.join(root, HELM_BINARY), '#!/bin/sh\necho v4.0.0\n');
    expect(ensureHelm(root, { env }).built).toBe(true);
    expect(goCalls().some((call) => call.includes(' build '))).toBe(true);
  });

  it('refuses a build that does not report the pinned version, and leaves no binary', () => {
    const { root, env } = fakeToolchain('v3.99.0');
    expect(() => ensureHelm(root, { env })).toThrow(`the helm built from tools/go.mod reports version v3.99.0, expected ${pinned}`);
    expect(existsSync(path.join(root, HELM_BINARY))).toBe(false);
  });

  it('without Go: GoUnavailableError saying how to enable it', () => {
    const { root } = fakeToolchain(pinned);
    const error = (() => {
      try {
        ensureHelm(root, { env: { PATH: scratchDir('empty-path') } });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GoUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot build helm ${pinned.replaceAll('.', '\\.')}: no Go toolchain on PATH \\(.*\\); install Go 1\\.26\\+ \\(https://go\\.dev/dl/\\) and run npm run tools$`));
  });
});
