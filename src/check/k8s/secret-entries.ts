import { readSealedSecret } from '../../../charts/lib/sealed-secret';
import { recordAt } from '../pod-security/narrow';
import type { RuleContext } from '../rule-context';
import type { CheckedObject } from '../types';

/** One key of a rendered Secret: its field (data.X or stringData.X) and its text (undefined when not a string). */
export interface SecretEntry {
  readonly key: string;
  readonly field: string;
  readonly value: string | undefined;
}

/**
 * Every key of a Secret as the API server stores it: data (base64-decoded) and stringData, a
 * stringData key winning over the same data key.
 */
export function secretEntries(secret: CheckedObject): Map<string, SecretEntry> {
  const entries = new Map<string, SecretEntry>();
  for (const field of ['data', 'stringData'] as const) {
    for (const [key, raw] of Object.entries(recordAt(secret.object, field) ?? {})) {
      const value = typeof raw !== 'string' ? undefined : field === 'data' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      entries.set(key, { key, field: `${field}.${key}`, value });
    }
  }
  return entries;
}

/** One KBS resource a rendered Secret points at through a sealed reference. */
export interface BrokerRead {
  readonly secret: CheckedObject;
  readonly field: string;
  /** kbs:///<repository>/<type>/<tag>. */
  readonly uri: string;
  /** The KBS the environment's pods attest to (tee.attestation.kbsUrl), which resolves the URI. */
  readonly kbs: string;
  /** The KBS (this environment's tee.attestation.kbsUrl) and the resource: equal only for the very same value. */
  readonly location: string;
}

/** Every KBS resource the Secrets of an environment's dist/ point at (sealed vault references with provider kbs). */
export function brokerReads(context: RuleContext): BrokerRead[] {
  const kbs = (context.environment.platform.tee?.attestation?.kbsUrl ?? '(no tee.attestation.kbsUrl)').replace(/\/+$/, '');
  return context.ofKind('', 'Secret').flatMap((secret) =>
    [...secretEntries(secret).values()].flatMap(({ field, value }) => {
      const sealed = value === undefined ? undefined : readSealedSecret(value);
      if (sealed?.kind !== 'vault' || sealed.secret.provider !== 'kbs') return [];
      return [{ secret, field, uri: sealed.secret.name, kbs, location: `${kbs} ${sealed.secret.name}` }];
    }),
  );
}
