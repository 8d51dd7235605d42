import type { Rule } from './rule';

/** Nothing lands in `default`, which has no quota, no policies and no owner. */
export const noDefaultNamespace: Rule = {
  id: 'no-default-namespace',
  reason: 'The default namespace has no Pod Security level, quota, NetworkPolicy or owning team of ours.',
  fix: 'Give the object a namespace (set the DistChart namespace or metadata.namespace).',
  severity: 'production',
  *check(context) {
    for (const object of context.objects) {
      if (context.namespaceOf(object) !== 'default') continue;
      const explicit = object.object.metadata.namespace === 'default';
      yield { object, message: explicit ? 'metadata.namespace is default' : 'has no namespace and its Application sets no destination namespace, so it lands in default' };
    }
  },
};
