import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeError } from '../cli/lib/describe-error';
import { ConfigError } from '../config/config-error';
import { REPO_ROOT } from '../synth-pipeline';
import { EXEMPTION_PREFIX } from './exemptions';
import { formatText } from './report/format-text';
import { RULES } from './rules/registry';
import { runCheck } from './run-check';

const HELP = `Usage: npm run check [-- --env <name> ...] [--json] [--schema-dir <dir>] [--root <dir>]

Checks the committed dist/ before merge; CI runs it too. Three checks:
  current       a fresh synth (in memory) equals the committed dist/
  schema-valid  every object validates strictly against Kubernetes v1.28 and the pinned CRDs
                (unknown fields and kinds without a schema are errors)
  rules         production-readiness rules: errors in the production environment (the last one
                of overlays/environments.yaml), warnings elsewhere unless a rule says otherwise

Exit code 1 when anything is an error (warnings do not fail), 2 on bad usage, 0 otherwise.

  --env <name>        check only this environment (repeatable); all overlays are still validated
  --json              print the report as JSON instead of text
  --schema-dir <dir>  schema directory (k8s/v1.28/_definitions.json and crds/); default:
                      $GITOPS_SCHEMA_DIR, else .cache/schemas (filled by npm run fetch-schemas),
                      else ../shared/upstream; with none, schema-valid is reported as SKIPPED
  --root <dir>        repository root to read overlays/ and dist/ from (default: this repository)
  --rules             list the rules (id, severity, reason) and exit
  --help              show this text

Exempt one object from one rule with a reviewed annotation (listed in every report):
  ${EXEMPTION_PREFIX}<rule-id>: "<why the rule does not apply here>"`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        env: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        'schema-dir': { type: 'string' },
        root: { type: 'string' },
        rules: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.rules) {
    for (const rule of RULES) console.log(`${rule.id.padEnd(36)} ${rule.severity.padEnd(10)} ${rule.reason}`);
    return 0;
  }
  const report = await runCheck({
    root: path.resolve(values.root ?? REPO_ROOT),
    only: values.env,
    schemaDir: values['schema-dir'],
  });
  const skipped = report.checks.find((check) => check.status === 'skipped');
  if (values.json) {
    // Machines read stdout; a skipped check must still be visible to the person running it.
    if (skipped !== undefined) console.error(`${skipped.id} SKIPPED: ${skipped.detail}`);
    console.log(JSON.stringify(report, null, 2));
  } else {
    process.stdout.write(formatText(report));
  }
  return report.ok ? 0 : 1;
}

// Exit codes are set, never process.exit(): a report of hundreds of KiB piped into another
// program is still being written when main() returns, and exiting would cut it off.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`check failed: ${error.problems.length} problem(s) in overlays\n${error.message}`);
    } else {
      console.error(`check failed: ${describeError(error)}`);
    }
    process.exitCode = 1;
  },
);
