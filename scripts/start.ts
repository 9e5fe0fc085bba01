import { createLogger } from '../adapters/logger.js';
import { startRuntime } from '../adapters/runtime.js';
import { listen } from '../adapters/http/listen.js';
import { mountSimulator } from '../adapters/http/routes/simulator.js';
import { configOrExit, databaseProblem } from './lib/bootstrap.js';

const config = configOrExit();
const logger = createLogger(config);
// A stray rejection in background work is logged; the process keeps serving.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
const runtime = await startRuntime(config, logger, { mount: mountSimulator }).catch((error: unknown) => {
  // A database that cannot be reached is one line naming the server and the fix, not a stack.
  const problem = databaseProblem(error, config);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  logger.fatal({ err: error }, `Could not start: ${error instanceof Error ? error.message : String(error)}`);
  logger.flush?.();
  process.exit(1);
});
const { server, url } = await listen(runtime.app.fetch, config).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
logger.info(`Server running on ${url}`);
logger.info(`Environment: ${config.env}`);

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
