import type { PodSecurityCheck } from '../check.js';

const hostNamespaceFields = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/** Sharing the node's network, PID or IPC namespace lets a pod see and reach the node's processes. */
export const hostNamespacesCheck: PodSecurityCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  evaluate: ({ spec }) =>
    hostNamespaceFields
      .filter((field) => spec[field] === true)
      .map((field) => ({
        field: `spec.${field}`,
        message: `pod sets ${field}=true, sharing the node's namespace; allowed: false or unset`,
      })),
};
