/**
 * Thresholds of the reference architecture's capacity rules. Shared by the PrometheusRules and
 * the platform overview dashboard, so a dashboard turns red exactly when an alert fires.
 */
export const ALERT_THRESHOLDS = {
  /** Node CPU and memory utilisation, percent, sustained for `sustainedFor`. */
  nodeUtilisationPercent: 70,
  sustainedFor: '15m',
  /** Persistent volume: used percent that is "almost full". */
  volumeUsedPercent: 85,
  /** Persistent volume: linear prediction window (history) and horizon. */
  volumePredictionHistory: '6h',
  volumePredictionHorizonHours: 24,
  /** Certificates: days before expiry (cert-manager renews at 2/3 of a 90-day life = 30 days before). */
  certificateExpiryDays: 14,
} as const;
