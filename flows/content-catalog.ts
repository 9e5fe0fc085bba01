import { join } from 'node:path';
import { catalogFromContent, type ContentCatalog } from '../content/catalog.js';
import { checkCourses } from '../content/course-check.js';
import { FLOWS_DIR } from './yaml.js';

let fileCatalog: ContentCatalog | undefined;

/** The courses in content/courses, read once per process (warnings do not stop it; `npm run content:check` shows them). */
export function contentCatalog(): ContentCatalog {
  fileCatalog ??= catalogFromContent({
    courses: checkCourses(join(FLOWS_DIR, '..', 'content')).courses,
    messages: {},
    templates: new Map(),
  });
  return fileCatalog;
}
