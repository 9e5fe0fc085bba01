import { catalogFromContent, type ContentCatalog } from '../content/catalog.js';
import { checkCourses } from '../content/course-check.js';
import { loadPlans } from '../content/plans.js';
import { CONTENT_DIR } from '../content/sources.js';

let fileCatalog: ContentCatalog | undefined;

/** The courses in content/courses, read once per process and content/plans.yaml, read once per process (warnings do not stop it; `npm run content:check` shows them; a plan error throws PlansError). */
export function contentCatalog(): ContentCatalog {
  if (!fileCatalog) {
    const courses = checkCourses(CONTENT_DIR).courses;
    fileCatalog = catalogFromContent({
      courses,
      messages: {},
      templates: new Map(),
      plans: loadPlans(courses),
    });
  }
  return fileCatalog;
}
