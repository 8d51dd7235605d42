import { describe, expect, it } from 'vitest';
import { networkPolicyCoverage, networkPolicyDefaultDeny } from '../../../src/check/rules/network-policy';
import { podSecurityLabels, podSecurityLevel, podSecurityPrivilegedNamespaces, podSecurityVersionPinned } from '../../../src/check/rules/pod-security';
import { at, compliantEnvironment, withChange, withFiles, without } from '../support/compliant-app';
import { problems, type FixtureFile, type Manifest } from '../support/dist-fixture';

const DEPLOYMENT = 'apps/web/deployment-web.yaml';
const NAMESPACE = 'platform/tenancy/namespace-web.yaml';
const DEFAULT_DENY = 'platform/tenancy/networkpolicy-web-default-deny.yaml';
const APP_POLICY = 'apps/web/networkpolicy-web.yaml';

function namespace(name: string, level: string, annotations: Record<string, string> = {}): FixtureFile {
  const object: Manifest = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': 'v1.28' }, annotations },
  };
  return [`platform/${name}/namespace-${name}.yaml`, object];
}

describe('network-policy-coverage', () => {
  it('passes pods selected for Ingress and Egress', () => {
    expect(problems(compliantEnvironment(), networkPolicyCoverage)).toEqual([]);
  });

  it('fails when no policy selects the pods', () => {
    expect(problems(without(DEFAULT_DENY, APP_POLICY), networkPolicyCoverage)).toEqual([
      'dist/prod/apps/web/deployment-web.yaml: no NetworkPolicy in namespace web isolates the Ingress and Egress of its pods',
    ]);
  });

  it('fails when the policies only cover Ingress (policyTypes defaulted)', () => {
    const files = withChange(APP_POLICY, (p) => {
      const spec = at(p, 'spec');
      delete spec['policyTypes'];
      delete spec['egress'];
    }, without(DEFAULT_DENY));
    expect(problems(files, networkPolicyCoverage)).toEqual(['dist/prod/apps/web/deployment-web.yaml: no NetworkPolicy in namespace web isolates the Egress of its pods']);
  });
});

describe('network-policy-default-deny', () => {
  it('passes a namespace with an all-pods policy without rules for both directions', () => {
    expect(problems(compliantEnvironment(), networkPolicyDefaultDeny)).toEqual([]);
  });

  it('fails when the namespace has no default-deny', () => {
    expect(problems(without(DEFAULT_DENY), networkPolicyDefaultDeny)).toEqual(['dist/prod/platform/tenancy/namespace-web.yaml: namespace web has no default-deny NetworkPolicy for Ingress and Egress']);
  });

  it('fails when the all-pods policy allows egress (it is not a deny)', () => {
    const files = withChange(DEFAULT_DENY, (p) => (at(p, 'spec')['egress'] = [{}]));
    expect(problems(files, networkPolicyDefaultDeny)).toEqual(['dist/prod/platform/tenancy/namespace-web.yaml: namespace web has no default-deny NetworkPolicy for Egress']);
  });
});

describe('pod-security-level', () => {
  it('passes a restricted application pod', () => {
    expect(problems(compliantEnvironment(), podSecurityLevel)).toEqual([]);
  });

  it('fails when an application pod runs privileged, even where the namespace would allow it', () => {
    const files = withChange(DEPLOYMENT, (d) => (at(d, 'spec', 'template', 'spec', 'containers', 0, 'securityContext')['privileged'] = true));
    const relaxed = withChange(NAMESPACE, (ns) => (at(ns, 'metadata', 'labels')['pod-security.kubernetes.io/enforce'] = 'privileged'), files);
    for (const set of [files, relaxed]) {
      expect(problems(set, podSecurityLevel)).toContain(
        'dist/prod/apps/web/deployment-web.yaml: restricted (privileged): spec.template.spec.containers[0].securityContext.privileged: container "web" sets securityContext.privileged=true; allowed: false or unset',
      );
    }
  });

  it('fails when an application pod misses allowPrivilegeEscalation: false (a restricted-only check)', () => {
    const files = withChange(DEPLOYMENT, (d) => delete at(d, 'spec', 'template', 'spec', 'containers', 0, 'securityContext')['allowPrivilegeEscalation']);
    expect(problems(files, podSecurityLevel)).toHaveLength(1);
  });

  it('holds platform pods to their namespace level: hostNetwork passes in a privileged namespace, fails in a baseline one', () => {
    const exporter = (ns: string): FixtureFile => [
      `platform/${ns}/daemonset-exporter.yaml`,
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'exporter', namespace: ns }, spec: { selector: {}, template: { metadata: { labels: { app: 'exporter' } }, spec: { hostNetwork: true, containers: [{ name: 'exporter', image: 'x' }] } } } },
    ];
    expect(problems(withFiles(namespace('monitoring', 'privileged'), exporter('monitoring')), podSecurityLevel)).toEqual([]);
    const baseline = problems(withFiles(namespace('monitoring', 'baseline'), exporter('monitoring')), podSecurityLevel);
    expect(baseline).toEqual([
      "dist/prod/platform/monitoring/daemonset-exporter.yaml: baseline (hostNamespaces): spec.template.spec.hostNetwork: pod sets hostNetwork=true, sharing the node's namespace; allowed: false or unset",
    ]);
  });
});

describe('pod-security-labels', () => {
  it('passes namespaces with a valid enforce label', () => {
    expect(problems(compliantEnvironment(), podSecurityLabels)).toEqual([]);
  });

  it('fails when a namespace has no enforce label or an invalid audit label', () => {
    const files = withChange(NAMESPACE, (ns) => {
      const labels = at(ns, 'metadata', 'labels');
      delete labels['pod-security.kubernetes.io/enforce'];
      labels['pod-security.kubernetes.io/audit'] = 'strict';
    });
    expect(problems(files, podSecurityLabels)).toEqual([
      'dist/prod/platform/tenancy/namespace-web.yaml: label pod-security.kubernetes.io/enforce is missing, expected one of privileged, baseline, restricted',
      'dist/prod/platform/tenancy/namespace-web.yaml: label pod-security.kubernetes.io/audit is "strict", expected one of privileged, baseline, restricted',
    ]);
  });

  it('fails when pods run in a namespace that is not rendered', () => {
    expect(problems(without(NAMESPACE), podSecurityLabels)).toEqual([
      'dist/prod/apps/web/deployment-web.yaml: namespace web is not rendered in dist/prod/, so its Pod Security labels are not under Git control',
    ]);
  });
});

describe('pod-security-version-pinned', () => {
  it('passes a pinned enforce-version in production, and anything outside production', () => {
    expect(problems(compliantEnvironment(), podSecurityVersionPinned)).toEqual([]);
    const unpinned = withChange(NAMESPACE, (ns) => delete at(ns, 'metadata', 'labels')['pod-security.kubernetes.io/enforce-version']);
    expect(problems(unpinned, podSecurityVersionPinned, { production: false })).toEqual([]);
  });

  it('fails when production uses enforce-version latest', () => {
    const files = withChange(NAMESPACE, (ns) => (at(ns, 'metadata', 'labels')['pod-security.kubernetes.io/enforce-version'] = 'latest'));
    expect(problems(files, podSecurityVersionPinned)).toEqual([
      'dist/prod/platform/tenancy/namespace-web.yaml: label pod-security.kubernetes.io/enforce-version is "latest", expected a pinned version such as v1.28',
    ]);
  });
});

describe('pod-security-privileged-namespaces', () => {
  const reason = { 'platform.example.com/pod-security-reason': 'node-exporter reads host /proc via hostPID' };

  it('passes a listed namespace with a reason annotation', () => {
    expect(problems(withFiles(namespace('node-exporter', 'privileged', reason)), podSecurityPrivilegedNamespaces)).toEqual([]);
  });

  it('fails when a privileged namespace is not on the reviewed list', () => {
    expect(problems(withFiles(namespace('tools', 'privileged', reason)), podSecurityPrivilegedNamespaces)).toEqual([
      'dist/prod/platform/tools/namespace-tools.yaml: namespace tools enforces privileged, but is not in the reviewed list (src/check/privileged-namespaces.ts)',
    ]);
  });

  it('fails when a listed namespace has no reason annotation, in every environment', () => {
    expect(problems(withFiles(namespace('velero', 'baseline')), podSecurityPrivilegedNamespaces, { production: false })).toEqual([
      'dist/prod/platform/velero/namespace-velero.yaml: namespace velero enforces baseline without a platform.example.com/pod-security-reason annotation saying why',
    ]);
  });
});
