/** Prometheus metrics (docs/production.md#metrics): the registry, the wrappers that feed it, its sources. */
export { createMetrics, type Metrics, type MetricSources } from './registry.js';
export {
  measureTurns,
  measuredChannel,
  measuredGateway,
  measuredModel,
  statementObserver,
} from './instrument.js';
export { runtimeSources } from './sources.js';
export { httpMetrics, metricsRoutes } from './http.js';
