import { KBS_PROVIDER, parseKbsResourceUri, readSealedSecret } from '../../../charts/lib/sealed-secret';
import { ESO_GROUP } from '../k8s/secret-stores';
import { podSecretReferences, type PodSecretReference } from '../k8s/pod-secret-references';
import { secretEntries } from '../k8s/secret-entries';
import { teeRuntimeClassNames } from '../k8s/tee-runtime-classes';
import { recordAt, stringAt } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';
import type { Rule } from './rule';

/** The ExternalSecret of a namespace that writes a Secret of this name (spec.target.name, defaulting to its own name). */
function syncingExternalSecret(context: RuleContext, namespace: string, secretName: string): CheckedObject | undefined {
  return context.ofKindIn(ESO_GROUP, 'ExternalSecret', namespace).find((externalSecret) => {
    const target = stringAt(recordAt(recordAt(externalSecret.object, 'spec') ?? {}, 'target') ?? {}, 'name');
    return (target ?? externalSecret.object.metadata.name) === secretName;
  });
}

/** Why one value a TEE pod reads does not come through this environment's broker, or undefined. */
function valueProblem(value: string | undefined, repository: string): string | undefined {
  const sealed = value === undefined ? undefined : readSealedSecret(value);
  if (sealed === undefined) return 'a plain value the host can read, expected a sealed reference to a KBS resource';
  if (sealed.kind === 'invalid') return `a sealed secret the Data Hub would not resolve as a pointer: ${sealed.problem}`;
  const { provider, name } = sealed.secret;
  if (provider !== KBS_PROVIDER) return `a sealed secret of provider ${provider}, expected ${KBS_PROVIDER} (the attestation broker the pod's initdata names)`;
  const resource = parseKbsResourceUri(name);
  if (resource === undefined) return `a sealed secret pointing at ${name}, expected kbs:///<repository>/<type>/<tag> (the broker the pod's initdata names)`;
  if (resource.repository !== repository) {
    return `a sealed secret pointing at ${name}, outside this environment's KBS repository ${repository}/ (externalSecrets.keys.environmentPrefix), expected kbs:///${repository}/<type>/<tag>`;
  }
  return undefined;
}

function* referenceProblems(context: RuleContext, namespace: string, reference: PodSecretReference, repository: string): Generator<string> {
  const what = `${reference.field} takes Secret ${reference.secretName}`;
  const externalSecret = syncingExternalSecret(context, namespace, reference.secretName);
  if (externalSecret !== undefined) {
    yield `${what}, which ExternalSecret ${externalSecret.object.metadata.name} (${context.pathOf(externalSecret)}) syncs from a secret store: plain values the host's kubelet and the cluster's admins can read`;
    return;
  }
  const secret = context.ofKindIn('', 'Secret', namespace).find((candidate) => candidate.object.metadata.name === reference.secretName);
  if (secret === undefined) {
    yield `${what}, which is not rendered in dist/, so nothing shows that its values are sealed references (a Secret made outside Git may hold plain values)`;
    return;
  }
  const entries = secretEntries(secret);
  const keys = reference.keys === 'all' ? [...entries.keys()].sort() : reference.keys;
  for (const key of keys) {
    const entry = entries.get(key);
    if (entry === undefined) {
      yield `${what} key ${key}, which the Secret does not have`;
      continue;
    }
    const problem = valueProblem(entry.value, repository);
    if (problem !== undefined) yield `${what} ${entry.field}: ${problem}`;
  }
}

/**
 * In an environment with an attestation broker (tee.attestation), every value a TEE pod reads
 * from a Secret is a sealed reference to a resource of this environment's KBS repository, which
 * the guest's Data Hub resolves after attestation: no Secret an ExternalSecret fills with plain
 * values, none made outside Git, no plain or foreign value (docs/decisions/confidential-workloads.md).
 */
export const teeSecretsThroughBroker: Rule = {
  id: 'tee-secrets-through-broker',
  reason: 'A plain Secret is readable by the host\'s kubelet, etcd and cluster admins, whom a TEE keeps out; only a reference resolved inside the attested guest keeps the value confidential.',
  fix: 'Mark the app confidential: with tee.attestation its secrets render as sealed references to kbs:///<environmentPrefix>/<app>/<tag>; provision those in the KBS.',
  severity: 'error',
  *check(context) {
    if (context.environment.platform.tee?.attestation === undefined) return;
    const repository = context.environment.platform.externalSecrets.keys.environmentPrefix;
    const teeClasses = teeRuntimeClassNames(context);
    for (const workload of context.workloads) {
      const className = stringAt(workload.podSpec, 'runtimeClassName');
      if (className === undefined || !teeClasses.has(className)) continue;
      for (const reference of podSecretReferences(workload)) {
        for (const message of referenceProblems(context, workload.namespace, reference, repository)) yield { object: workload.source, message };
      }
    }
  },
};
