/** node-exporter's own namespace: it alone needs host access, so monitoring stays restricted. */
export const NODE_EXPORTER_NAMESPACE = 'node-exporter';
