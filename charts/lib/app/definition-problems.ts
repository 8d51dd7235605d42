import { z } from 'zod';
import { APP_NAME_MAX, checkedString, dnsLabel, dnsLabelProblem, type TextProblem } from '../../../src/config/fields';
import { describeInvisible, invisibleCharacter, showText } from '../../../src/config/text';
import { describeIssues, fieldName, type IssueProblem } from '../../../src/config/zod-problems';
import { secretInEntry, secretInValue } from '../../../src/secrets/secret-detector';
import { RESERVED_EXPECTED, reservedAppName } from '../reserved-names';
import { appKeyRoot } from '../secret-scope';

/**
 * What an app definition must satisfy, checked on whatever a charts/apps/<app>.ts module
 * exports (defineApp() checks it too, at the line that declares it). Unknown keys are errors,
 * like in the overlays: a misspelt optional field would otherwise silently fall back to its default.
 */

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const HTTP_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/** Each problem: the field, what is wrong, the value shown, what is expected. */
export type DefinitionProblem = IssueProblem;

function checkedNumber(check: (value: number) => TextProblem) {
  return z.number().superRefine((value, ctx) => {
    const found = check(value);
    if (found) ctx.addIssue({ code: 'custom', input: value, message: found.expected, params: { problem: found.problem, expected: found.expected } });
  });
}

const appName = checkedString((name) => {
  const label = dnsLabelProblem(name, `a DNS label of at most ${APP_NAME_MAX} characters`);
  if (label) return label;
  if (name.length > APP_NAME_MAX) return { problem: `too long (${name.length} characters)`, expected: `a DNS label of at most ${APP_NAME_MAX} characters (the host <app>.<domain> must fit)` };
  const reserved = reservedAppName(name);
  return reserved === undefined ? undefined : { problem: `reserved: ${reserved}`, expected: RESERVED_EXPECTED };
});

const port = checkedNumber((value) => (Number.isInteger(value) && value >= 1024 && value <= 65535 ? undefined : { problem: 'not an unprivileged port', expected: 'an unprivileged port between 1024 and 65535' }));
const httpPath = checkedString((value) => (HTTP_PATH.test(value) && value.length <= 1024 ? undefined : { problem: 'invalid value', expected: 'an absolute HTTP path such as /healthz' }));
const envName = checkedString((value) => (ENV_NAME.test(value) && value.length <= 253 ? undefined : { problem: 'invalid value', expected: 'an environment variable name (A-Z, 0-9, _)' }));

/** A request above zero: a zero CPU request gives no CPU share, a zero memory limit kills the container at once. */
function positiveQuantity(pattern: RegExp, expected: string) {
  return checkedString((value) => {
    if (!pattern.test(value)) return { problem: 'invalid value', expected };
    return /^0+(m|Mi|Gi)?$/.test(value) ? { problem: 'must be greater than zero', expected } : undefined;
  });
}

const appDefinitionSchema = z
  .strictObject({
    name: appName,
    team: dnsLabel,
    port,
    healthPath: httpPath,
    readinessPath: httpPath.optional(),
    resources: z.strictObject({
      cpu: positiveQuantity(/^\d{1,6}m?$/, 'a CPU quantity such as 250m'),
      memory: positiveQuantity(/^\d{1,6}(Mi|Gi)$/, 'a memory quantity such as 256Mi'),
    }),
    metricsPort: port.optional(),
    metricsPath: httpPath.optional(),
    expose: z.boolean().optional(),
    callers: z.array(dnsLabel).optional(),
    targetCpuUtilization: checkedNumber((value) => (Number.isInteger(value) && value >= 10 && value <= 100 ? undefined : { problem: 'invalid value', expected: 'a whole percentage between 10 and 100' })).optional(),
    config: z.record(envName, z.string()).optional(),
    secrets: z
      .array(
        z.strictObject({
          env: envName,
          remoteKey: z.string().regex(/^[a-z0-9]([-a-z0-9_/]*[a-z0-9])?$/, 'a store path such as apps/api/database').max(512),
          property: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a property name such as url').max(253),
        }),
      )
      .optional(),
    confidential: z.boolean().optional(),
    database: z
      .strictObject({
        dumpCommand: z.array(z.string().min(1)).min(1),
        timeout: z.string().regex(/^[1-9]\d{0,5}(s|m|h)$/, 'a duration such as 90s or 10m').optional(),
        onError: z.enum(['Fail', 'Continue']).optional(),
        dumpSizeLimit: positiveQuantity(/^\d{1,6}(Mi|Gi)$/, 'a size such as 512Mi or 2Gi').optional(),
      })
      .optional(),
    serviceAccountToken: z.strictObject({ reason: checkedString((reason) => (reason.trim() === '' ? { problem: 'empty', expected: 'a reason reviewers can read (why the app calls the Kubernetes API)' } : undefined)) }).optional(),
  })
  .superRefine((d, ctx) => {
    const problem = (path: PropertyKey[], input: unknown, what: string, expected: string) => ctx.addIssue({ code: 'custom', path, input, message: expected, params: { problem: what, expected } });
    for (const [index, caller] of (d.callers ?? []).entries()) {
      if (caller === d.name) problem(['callers', index], caller, 'the app itself', 'names of other apps');
    }
    if (new Set(d.callers).size !== (d.callers ?? []).length) problem(['callers'], d.callers, 'duplicates', 'a list without duplicates');
    const envNames = (d.secrets ?? []).map((s) => s.env);
    for (const [index, env] of envNames.entries()) {
      if (d.config !== undefined && Object.hasOwn(d.config, env)) problem(['secrets', index, 'env'], env, 'also set in config', 'a name not also set in config');
      if (envNames.indexOf(env) !== index) problem(['secrets', index, 'env'], env, 'set twice', 'each env name once');
    }
    // The app's Vault policy grants exactly <prefix>/apps/<name>/ (charts/lib/vault-access.ts).
    const keyRoot = appKeyRoot(d.name);
    for (const [index, secret] of (d.secrets ?? []).entries()) {
      if (!secret.remoteKey.startsWith(`${keyRoot}/`)) problem(['secrets', index, 'remoteKey'], secret.remoteKey, 'outside the app\'s keys', `a path below ${keyRoot}/, the only part of Vault the app may read, such as ${keyRoot}/database`);
    }
  });

/** Fields whose values may span lines: a config value can be a small file, a dump command a script. */
const MULTILINE_FIELDS = /^(config\.[^.]+|database\.dumpCommand\.\d+)$/;

/**
 * Everything wrong with an app definition (any value a module may export), each naming the
 * field, the value and what is expected. A credential-looking value is never shown.
 */
export function definitionProblems(value: unknown): DefinitionProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path: [], field: '(default export)', problem: 'not an app definition', got: value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value, expected: 'export default defineApp({...})' }];
  }
  const parsed = appDefinitionSchema.safeParse(value, { reportInput: true });
  const problems = parsed.success ? [] : describeIssues(appDefinitionSchema, parsed.error.issues);
  const reported = new Set(problems.map((p) => p.field));
  for (const problem of stringProblems(value)) {
    if (!reported.has(problem.field)) problems.push(problem);
  }
  return problems;
}

/** Invisible characters and credentials, in every string of the definition. */
function stringProblems(definition: object): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    if (typeof value !== 'string') return;
    const field = fieldName(path);
    const invisible = invisibleCharacter(value, { lineFeeds: MULTILINE_FIELDS.test(path.join('.')) });
    if (invisible) {
      problems.push({ path, field, problem: describeInvisible(invisible), got: showText(value), expected: 'visible characters only (retype the value)' });
      return;
    }
    const inConfig = path[0] === 'config' && path.length === 2;
    const why = inConfig ? secretInEntry(String(path[1]), value) : secretInValue(value);
    if (why !== undefined) {
      problems.push({
        path,
        field,
        problem: `looks like a credential (${why}); the value is not shown`,
        expected: inConfig ? 'a non-secret setting; deliver credentials through `secrets` (an ExternalSecret), never as literals' : 'no credentials in an app definition; use `secrets` (an ExternalSecret)',
      });
    }
  };
  visit(definition, []);
  return problems;
}

/** An app definition that is not valid: defineApp() throws it, the app catalog reports it with the file. */
export class AppDefinitionError extends Error {
  constructor(
    readonly app: string,
    readonly problems: readonly DefinitionProblem[],
  ) {
    super(`app ${showText(app)}: ${problems.map(formatDefinitionProblem).join('; ')}`);
    this.name = 'AppDefinitionError';
  }
}

export function formatDefinitionProblem(p: DefinitionProblem): string {
  return `${p.field}: ${p.problem}${p.got === undefined ? '' : `, got ${p.got}`}${p.expected === undefined ? '' : `, expected ${p.expected}`}`;
}
