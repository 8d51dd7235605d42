import { gzipSync } from 'node:zlib';
import type { TeeConfig } from '../../../src/config/platform/tee';

/** The pod annotation the Kata runtime hands to the guest as initdata (measured at launch). */
export const INITDATA_ANNOTATION = 'io.katacontainers.config.hypervisor.cc_init_data';

type Attestation = NonNullable<TeeConfig['attestation']>;

/**
 * The initdata TOML of the Confidential Containers guest components: `algorithm` and `version`,
 * then `[data]` with one document per component, each a TOML literal string:
 * - `aa.toml`: the Attestation Agent's token endpoints (the KBS, which fronts the attestation service);
 * - `cdh.toml`: the Confidential Data Hub's broker client (`cc_kbc` at the KBS URL), which
 *   resolves `kbs:///` resource URIs and sealed secrets after attestation;
 * - `policy.rego`: the Kata agent policy, when the overlay sets one.
 * The URL is an https URL (schema) and the policy contains no `'''`, so literal strings hold them.
 */
export function initdataToml(attestation: Attestation): string {
  const lines = [
    'algorithm = "sha384"',
    'version = "0.1.0"',
    '',
    '[data]',
    `"aa.toml" = '''`,
    '[token_configs]',
    '[token_configs.coco_as]',
    `url = "${attestation.kbsUrl}"`,
    '',
    '[token_configs.kbs]',
    `url = "${attestation.kbsUrl}"`,
    `'''`,
    '',
    `"cdh.toml" = '''`,
    `socket = "unix:///run/confidential-containers/cdh.sock"`,
    'credentials = []',
    '',
    '[kbc]',
    'name = "cc_kbc"',
    `url = "${attestation.kbsUrl}"`,
    `'''`,
  ];
  if (attestation.agentPolicy !== undefined) lines.push('', `"policy.rego" = '''`, attestation.agentPolicy.trimEnd(), `'''`);
  return `${lines.join('\n')}\n`;
}

/**
 * The annotation value: the TOML gzip-compressed, then base64 (the encoding the Kata runtime
 * decodes). gzip's header carries no timestamp (Node writes mtime 0) and its OS byte is pinned,
 * so the value is the same for the same overlay on every machine.
 */
export function initdataAnnotation(attestation: Attestation): string {
  const gzip = gzipSync(Buffer.from(initdataToml(attestation), 'utf8'), { level: 9 });
  // The header's OS byte depends on the platform zlib was built for; pin it to Unix (3).
  gzip[9] = 3;
  return gzip.toString('base64');
}
