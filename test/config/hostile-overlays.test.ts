import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error';
import { loadOverlays } from '../../src/config/load-overlays';
import { FIXTURE_ROOT, fixtureDefinedApps } from '../support/fixture-repository';

/**
 * Input a careless or hostile user can write into an overlay: every one is refused with
 * `file:line: field: problem, got X, expected Y`, never a stack trace, never rendered.
 */

function fixtureCopy(): string {
  const root = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'hostile-overlays-'));
  cpSync(path.join(FIXTURE_ROOT, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  return root;
}

/** Problems after changing one overlay file of a fixture copy (the edit gets the file's text). */
function problemsAfter(file: string, edit: (text: string) => string | Buffer): string[] {
  const root = fixtureCopy();
  const target = path.join(root, 'overlays', file);
  writeFileSync(target, edit(readFileSync(target, 'utf8')));
  try {
    loadOverlays({ root, definedApps: fixtureDefinedApps });
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const lineOf = (file: string, text: string) => readFileSync(path.join(FIXTURE_ROOT, 'overlays', file), 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;

describe('YAML the parser would choke on or guess at', () => {
  it('refuses aliases that expand past the limit (a "billion laughs" file), with the line of the first alias', () => {
    const nine = (alias: string) => `[${Array.from({ length: 9 }, () => alias).join(', ')}]`;
    const bomb = `lol1: &l1 ${nine('x')}\nlol2: &l2 ${nine('*l1')}\nlol3: &l3 ${nine('*l2')}\nlol4: ${nine('*l3')}\n`;
    expect(problemsAfter('dev/apps.yaml', (text) => `${bomb}${text}`)).toEqual([
      'overlays/dev/apps.yaml:2: (yaml): aliases expand too far (Excessive alias count indicates a resource exhaustion attack), expected aliases expanding to at most 100 nodes',
    ]);
  });

  it('refuses an alias to no anchor', () => {
    expect(problemsAfter('dev/apps.yaml', (text) => text.replace('  shop:\n    replicas: 1', '  shop: *defaults'))).toEqual([
      `overlays/dev/apps.yaml:${lineOf('dev/apps.yaml', '  shop:')}: (yaml): alias *defaults refers to no anchor, expected an anchor &defaults defined above it`,
    ]);
  });

  it('accepts aliases within the limit (one block reused)', () => {
    const root = fixtureCopy();
    writeFileSync(path.join(root, 'overlays/dev/apps.yaml'), 'apps:\n  ledger: &one\n    replicas: 1\n  shop: *one\n  settle: *one\n');
    const dev = loadOverlays({ root, definedApps: fixtureDefinedApps })[0]!;
    expect(Object.values(dev.apps).map((settings) => settings.replicas)).toEqual([1, 1, 1]);
  });

  it('refuses an alias as a mapping key and explicit tags beyond plain scalars', () => {
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('domain: dev.example.com', 'domain: &d dev.example.com\n*d : x'))).toEqual([
      `overlays/dev/environment.yaml:${lineOf('dev/environment.yaml', 'domain:') + 1}: (yaml): alias *d used as a mapping key, expected a plain key (an aliased key can repeat another key unnoticed)`,
    ]);
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('targetRevision: main', 'targetRevision: !!binary bWFpbg=='))).toEqual([
      `overlays/dev/environment.yaml:${lineOf('dev/environment.yaml', 'targetRevision')}: (yaml): explicit tag tag:yaml.org,2002:binary is not supported, expected plain strings, numbers, booleans, lists and mappings`,
    ]);
  });

  it('refuses a file over 1 MiB before parsing it, and a file that is not UTF-8 with the line', () => {
    const padded = `${readFileSync(path.join(FIXTURE_ROOT, 'overlays/dev/apps.yaml'), 'utf8')}# ${'x'.repeat(1024 * 1024)}\n`;
    expect(problemsAfter('dev/apps.yaml', () => padded)).toEqual([`overlays/dev/apps.yaml:1: (file): file too large, got ${Buffer.byteLength(padded)} bytes, expected at most 1048576 bytes (1 MiB)`]);
    const latin1 = (text: string) => {
      const [before, after] = text.split('  shop:') as [string, string];
      return Buffer.concat([Buffer.from(`${before}  sh`), Buffer.from([0xf6]), Buffer.from(`p:${after}`)]);
    };
    expect(problemsAfter('dev/apps.yaml', latin1)).toEqual([
      `overlays/dev/apps.yaml:${lineOf('dev/apps.yaml', '  shop:')}: (file): not valid UTF-8, expected a UTF-8 text file`,
    ]);
  });
});

describe('strings: what a reviewer cannot see, and how long', () => {
  it('refuses a zero-width character in the destination server, shown escaped', () => {
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('destinationServer: https://', 'destinationServer: https://\u200b'))).toEqual([
      `overlays/dev/environment.yaml:${lineOf('dev/environment.yaml', 'destinationServer')}: argocd.destinationServer: contains an invisible or control character (U+200B at character 9), got "https://\\u{200b}kubernetes.default.svc", expected visible characters only (retype the value)`,
    ]);
  });

  it('refuses a NUL byte in targetRevision', () => {
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('targetRevision: main', 'targetRevision: "main\\0"'))).toEqual([
      `overlays/dev/environment.yaml:${lineOf('dev/environment.yaml', 'targetRevision')}: argocd.targetRevision: contains an invisible or control character (U+0000 at character 5), got "main\\u0000", expected visible characters only (retype the value)`,
    ]);
  });

  it('refuses an invisible character in a key (an app name that would never match)', () => {
    expect(problemsAfter('dev/apps.yaml', (text) => text.replace('  shop:', '  sh\u2060op:'))).toContain(
      `overlays/dev/apps.yaml:${lineOf('dev/apps.yaml', '  shop:')}: apps."sh\\u{2060}op": key contains an invisible or control character (U+2060 at character 3), got "sh\\u{2060}op", expected visible characters only (retype the value)`,
    );
  });

  it('keeps a problem on one line when the key itself holds a line feed (found by fuzzing)', () => {
    const lines = readFileSync(path.join(FIXTURE_ROOT, 'overlays/environments.yaml'), 'utf8').split('\n').length;
    expect(problemsAfter('environments.yaml', (text) => `${text}"\\n": x\n`)).toEqual([
      `overlays/environments.yaml:${lines}: "\\n": key contains an invisible or control character (U+000A at character 1), got "\\n", expected visible characters only (retype the value)`,
    ]);
  });

  it('refuses values over 4096 characters and shows the first 60 of them', () => {
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('targetRevision: main', `targetRevision: ${'m'.repeat(5000)}`))).toEqual([
      `overlays/dev/environment.yaml:${lineOf('dev/environment.yaml', 'targetRevision')}: argocd.targetRevision: value too long (5000 characters), got "${'m'.repeat(60)}"… (5000 chars), expected at most 4096 characters`,
    ]);
  });

  it('refuses a credential in any overlay value without repeating it', () => {
    const token = ['ghp', '_', 'a'.repeat(36)].join('');
    const problems = problemsAfter('dev/platform.yaml', (text) => text.replace('      - shopfront-developers', `      - ${token}`));
    expect(problems).toEqual([
      `overlays/dev/platform.yaml:${lineOf('dev/platform.yaml', '- shopfront-developers')}: teams.shopfront.groups.0: its value looks like a GitHub token; the value is not shown, expected a Vault reference (overlays never hold credentials; rotate this one)`,
    ]);
    expect(problems.join()).not.toContain(token);
  });
});

describe('values that become names, URLs and Git revisions', () => {
  it('refuses a namespace name longer than a DNS label allows', () => {
    const long = 'a'.repeat(70);
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('namespace: argocd', `namespace: ${long}`))).toEqual([
      `overlays/dev/environment.yaml:${lineOf('dev/environment.yaml', 'namespace:')}: argocd.namespace: too long (70 characters), got "${'a'.repeat(60)}"… (70 chars), expected a DNS label of at most 63 characters`,
    ]);
  });

  it('refuses a base domain that leaves no room for <app>.<domain>, and a label over 63 characters', () => {
    const domain = `${Array.from({ length: 4 }, () => 'd'.repeat(60)).join('.')}.com`;
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('domain: dev.example.com', `domain: ${domain}`))).toEqual([
      `overlays/dev/environment.yaml:${lineOf('dev/environment.yaml', 'domain:')}: domain: too long (247 characters), got "${domain.slice(0, 60)}"… (247 chars), expected a DNS domain of at most 212 characters`,
    ]);
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('domain: dev.example.com', `domain: ${'d'.repeat(64)}.example.com`))).toEqual([
      `overlays/dev/environment.yaml:${lineOf('dev/environment.yaml', 'domain:')}: domain: a label is too long (64 characters), got "${'d'.repeat(60)}"… (76 chars), expected labels of at most 63 characters`,
    ]);
  });

  it('refuses a repository URL with another scheme, with credentials, or with non-ASCII characters', () => {
    const at = `overlays/dev/environment.yaml:${lineOf('dev/environment.yaml', 'repoURL')}: argocd.repoURL`;
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('repoURL: https://', 'repoURL: http://'))).toEqual([
      `${at}: scheme http: is not allowed, got "http://github.com/example-org/gitops-platform.git", expected a Git repository URL (https:// or ssh://)`,
    ]);
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('repoURL: https://', 'repoURL: https://bot@'))).toEqual([
      `${at}: credentials in the URL, got "https://bot@github.com/example-org/gitops-platform.git", expected a Git repository URL (https:// or ssh://), without user:password@ (credentials come from Vault)`,
    ]);
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('repoURL: https://github.com', 'repoURL: https://gіthub.com'))).toEqual([
      `${at}: not a plain ASCII URL (spaces and non-ASCII characters are rewritten by URL parsers), got "https://gіthub.com/example-org/gitops-platform.git", expected a Git repository URL (https:// or ssh://)`,
    ]);
  });

  it('accepts an ssh:// repository URL with a user and no password', () => {
    const root = fixtureCopy();
    const file = path.join(root, 'overlays/dev/environment.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('repoURL: https://github.com/', 'repoURL: ssh://git@github.com/'));
    expect(loadOverlays({ root, definedApps: fixtureDefinedApps })[0]!.argocd.repoURL).toBe('ssh://git@github.com/example-org/gitops-platform.git');
  });

  it('refuses a targetRevision Git would not accept as a ref', () => {
    expect(problemsAfter('dev/environment.yaml', (text) => text.replace('targetRevision: main', 'targetRevision: release..1'))).toEqual([
      `overlays/dev/environment.yaml:${lineOf('dev/environment.yaml', 'targetRevision')}: argocd.targetRevision: not a valid Git ref name, got "release..1", expected a branch, tag or commit such as main, v1.4.2 or a commit SHA`,
    ]);
  });
});

describe('quantities where a request or limit is meant', () => {
  const line = lineOf('dev/platform.yaml', 'memory: 128Mi');

  it('refuses an empty memory quantity with the file (it used to crash a comparison)', () => {
    expect(problemsAfter('dev/platform.yaml', (text) => text.replace('memory: 128Mi', 'memory: ""'))).toEqual([
      `overlays/dev/platform.yaml:${line}: ingress.resources.requests.memory: invalid value, got "", expected a memory quantity such as 512Mi or 2Gi`,
    ]);
  });

  it('refuses zero CPU and memory', () => {
    expect(problemsAfter('dev/platform.yaml', (text) => text.replace('cpu: 100m\n      memory: 128Mi', 'cpu: "0"\n      memory: 0Mi'))).toEqual([
      `overlays/dev/platform.yaml:${line - 1}: ingress.resources.requests.cpu: must be greater than zero, got "0", expected a CPU quantity such as 250m or 2`,
      `overlays/dev/platform.yaml:${line}: ingress.resources.requests.memory: must be greater than zero, got "0Mi", expected a memory quantity such as 512Mi or 2Gi`,
    ]);
  });
});
