import { Construct } from 'constructs';
import { stringify } from 'yaml';
import type { StackroxConfig } from '../../../src/config/platform/stackrox';
import { ExternalSecret } from '../../lib/external-secret';
import type { SecretScope } from '../../lib/secret-scope';

type SiemConfig = NonNullable<StackroxConfig['central']>['siem'];

/** Name of the notifier in Central; policies reference it by this name. */
export const SIEM_NOTIFIER_NAME = 'siem';

/**
 * A StackRox declarative-configuration notifier (stackrox pkg/declarativeconfig/notifier.go):
 * Splunk HTTP Event Collector or a generic JSON webhook.
 */
interface DeclarativeNotifier {
  readonly name: string;
  readonly splunk?: { readonly httpEndpoint: string; readonly httpToken: string; readonly auditLoggingEnabled: boolean };
  readonly generic?: {
    readonly endpoint: string;
    readonly headers: ReadonlyArray<{ readonly key: string; readonly value: string }>;
    readonly auditLoggingEnabled: boolean;
  };
}

/** ESO template reference to the token fetched from Vault (a Go template, rendered by ESO). */
const TOKEN = '{{ .token }}';

export function siemNotifier(siem: SiemConfig): DeclarativeNotifier {
  return siem.type === 'splunk'
    ? { name: SIEM_NOTIFIER_NAME, splunk: { httpEndpoint: siem.endpoint, httpToken: TOKEN, auditLoggingEnabled: siem.auditLogging } }
    : { name: SIEM_NOTIFIER_NAME, generic: { endpoint: siem.endpoint, headers: [{ key: 'Authorization', value: `Bearer ${TOKEN}` }], auditLoggingEnabled: siem.auditLogging } };
}

export interface SiemNotifierSecretProps {
  readonly siem: SiemConfig;
  readonly namespace: string;
  /** Name of the Secret Central mounts as declarative configuration. */
  readonly secretName: string;
  /** Where the token is read from in Vault. */
  readonly secretScope: SecretScope;
}

/**
 * The SIEM notifier as declarative configuration: a Secret Central reads through
 * spec.central.declarativeConfiguration.secrets. The document (endpoint, type, audit logging) is
 * built here from the overlay; ESO fills in only the token from Vault, so Git never holds it.
 * Which policies notify it is set on the policies (see docs/decisions/stackrox.md).
 */
export class SiemNotifierSecret extends Construct {
  constructor(scope: Construct, id: string, props: SiemNotifierSecretProps) {
    super(scope, id);
    new ExternalSecret(this, 'external-secret', {
      name: props.secretName,
      namespace: props.namespace,
      scope: props.secretScope,
      data: [{ secretKey: 'token', remoteKey: 'platform/stackrox/siem', property: 'token' }],
      template: { 'siem-notifier.yaml': stringify(siemNotifier(props.siem)) },
    });
  }
}
