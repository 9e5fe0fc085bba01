import { watch, type FSWatcher } from 'node:fs';
import { checkContent, loadContent, summarize } from '../content/check.js';
import { CONTENT_DIR } from '../content/sources.js';
import { formatProblem } from '../content/yaml-source.js';
import type { Database } from '../db/client.js';
import { catalogFromDatabase, type RefreshableCatalog } from '../db/repositories/content.js';
import { describeSync, syncContent } from '../db/repositories/content-sync.js';
import type { Logger } from './logger.js';

export interface ContentOptions {
  /** The content folder; default content/ beside the code (dist/content/ in a build), whatever the working directory. */
  dir?: string;
  logger: Logger;
  /** Development: re-check, re-sync and refresh the catalog when a file under `dir` changes. */
  watch?: boolean;
  /** Quiet time after the last change before reloading (editors write several times per save). */
  debounceMs?: number;
  /** Re-read the catalog this often, so admin writes made by another process show up here too. */
  refreshEverySeconds?: number;
}

export interface LoadedContent {
  catalog: RefreshableCatalog;
  /** Checks, syncs and refreshes now; problems are logged and the last good content stays. */
  reload(): Promise<void>;
  stop(): void;
}

/**
 * Start-up: checks content/ (a ContentError listing every problem stops start-up), syncs it into
 * the database and reads the catalog turns use; in development, reloads it on every change.
 */
export async function startContent(db: Database, options: ContentOptions): Promise<LoadedContent> {
  const { logger } = options;
  const dir = options.dir ?? CONTENT_DIR;
  const loaded = await loadContent(dir);
  const summary = await syncContent(db, loaded);
  logger.info({ summary }, `content synced: ${describeSync(summary).join('; ')}`);
  let plans = loaded.plans ?? [];
  const catalog = await catalogFromDatabase(db, () => plans);

  let running: Promise<void> = Promise.resolve();
  const reloadNow = async (): Promise<void> => {
    const { problems, content } = await checkContent(dir);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length) {
      for (const problem of errors) logger.warn(formatProblem(problem));
      logger.warn(`content has ${summarize(problems)}: still serving the last good version`);
      return;
    }
    const changes = await syncContent(db, content);
    plans = content.plans ?? [];
    await catalog.refresh();
    logger.info({ summary: changes }, `content reloaded: ${describeSync(changes).join('; ')}`);
  };
  // One reload at a time, in order; a failure is logged, never thrown at the watcher.
  const reload = (): Promise<void> => {
    running = running
      .then(reloadNow)
      .catch((error: unknown) => logger.error({ err: error }, 'content reload failed'));
    return running;
  };

  let watcher: FSWatcher | undefined;
  let pending: NodeJS.Timeout | undefined;
  if (options.watch) {
    watcher = watch(dir, { recursive: true }, () => {
      clearTimeout(pending);
      pending = setTimeout(() => void reload(), options.debounceMs ?? 200);
    });
    logger.info(`watching ${dir}/ for changes`);
  }
  const refresher = setInterval(
    () => void catalog.refresh().catch((error) => logger.error({ err: error }, 'catalog refresh failed')),
    (options.refreshEverySeconds ?? 60) * 1000,
  );
  refresher.unref();

  return {
    catalog,
    reload,
    stop() {
      clearTimeout(pending);
      clearInterval(refresher);
      watcher?.close();
    },
  };
}
