import { catalogFromContent, type ContentCatalog } from '../content/catalog.js';
import { checkCourses } from '../content/course-check.js';
import { CONTENT_DIR } from '../content/sources.js';

let fileCatalog: ContentCatalog | undefined;

/** The courses in content/courses, read once per process (warnings do not stop it; `npm run content:check` shows them). */
export function contentCatalog(): ContentCatalog {
  fileCatalog ??= catalogFromContent({
    courses: checkCourses(CONTENT_DIR).courses,
    messages: {},
    templates: new Map(),
  });
  return fileCatalog;
}
