import { effectiveFacts } from '../chart-installs';
import type { PodSecurityLevel } from '../pod-security';
import type { Rule } from './rule';
import { enforcedLevel } from './pod-security';

const ORDER: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** Chart pods that need more than restricted run only in namespaces enforcing that much. */
export const chartPodSecurity: Rule = {
  id: 'chart-pod-security',
  reason: 'Pod Security admission rejects a chart\'s pods that need more than their namespace enforces: the chart\'s DaemonSet or Deployment never starts.',
  fix: 'Set the chart\'s security values so its pods fit the namespace, or give them a namespace of their own with the level they need (PlatformNamespace podSecurity and a reason).',
  severity: 'error',
  *check(context) {
    for (const install of context.charts) {
      for (const pod of effectiveFacts(install).pods) {
        const level = enforcedLevel(context, pod.namespace);
        if (level === undefined) {
          yield { chart: { install, subject: pod.workload }, message: `${pod.workload} needs ${pod.level} (${pod.reason}), but namespace ${pod.namespace} is not rendered with a Pod Security enforce label` };
        } else if (ORDER.indexOf(pod.level) > ORDER.indexOf(level)) {
          yield { chart: { install, subject: pod.workload }, message: `${pod.workload} needs ${pod.level} (${pod.reason}), but namespace ${pod.namespace} enforces ${level}` };
        }
      }
    }
  },
};
