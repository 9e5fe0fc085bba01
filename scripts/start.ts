import { serve } from '@hono/node-server';
import { ConfigError, loadConfig, type Config } from '../adapters/config/index.js';
import { loadDotEnv } from '../adapters/config/env.js';
import { createLogger } from '../adapters/logger.js';
import { startRuntime } from '../adapters/runtime.js';
import { mountSimulator } from '../adapters/http/routes/simulator.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

loadDotEnv();
const config = configOrExit();
const logger = createLogger(config);
const runtime = await startRuntime(config, logger, { mount: mountSimulator });
const server = serve({ fetch: runtime.app.fetch, port: config.port }, (info) => {
  logger.info(`Server running on port ${info.port}`);
  logger.info(`Environment: ${config.env}`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) {
    logger.warn(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  logger.info(`${signal}: stopping (send it again to exit at once)`);
  const timeout = setTimeout(() => {
    logger.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms: exiting`);
    process.exit(1);
  }, config.shutdownTimeoutMs);
  timeout.unref();
  // Stop accepting; in-flight requests finish before close calls back.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await runtime.stop();
  logger.info('stopped cleanly');
  logger.flush?.();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
