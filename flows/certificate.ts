/*
 * Certificates: finishing a course asks the `certificate.issue` service for its certificate;
 * CERTIFICATE (CHETI) asks for all of them again, each finished course's made if it is missing. The service answers each with
 * `system.certificateReady`: the picture with its public link as the caption, then the PDF, and,
 * while it shows the default name, how to put the learner's own on it (NAME, then CERTIFICATE).
 * Decision: a course is finished when every lesson is completed and the last lesson's quiz is
 * passed (its best score at the course's pass mark), as when the course-end message is said: a
 * failed last quiz ("to pass you need 70%") is no moment for a certificate; passing it on a retry is.
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import { command, journeyOf, onboardedOnly, send } from './command-kit.js';
import { courseState, type LearningState } from './learning/index.js';
import { courseProgress } from './learning/sequence.js';

export const CERTIFICATE_SERVICE = 'certificate.issue';

/** The effect that issues the certificate of a course just finished (flows/lesson-finish.ts). */
export const issueCertificate = (course: string, at: string): Effect => ({
  type: 'callService',
  params: { service: CERTIFICATE_SERVICE, input: { requestId: at, reason: 'finished', courses: [course] } },
});

/** Every lesson of the course completed and its last quiz passed (a lesson done without a recorded attempt counts). */
export function courseFinished(catalog: ContentCatalog, state: LearningState, slug: string): boolean {
  const lessons = catalog.lessons(slug);
  const { completed, attempts } = courseState(state, slug);
  const { done, total } = courseProgress(lessons, completed);
  if (total === 0 || done < total) return false;
  const last = attempts[lessons.at(-1)!.slug];
  if (!last || last.total === 0) return true;
  return (last.best / last.total) * 100 >= (catalog.course(slug)?.passMark ?? 70);
}

/** The courses the learner has finished. */
export function finishedCourses(catalog: ContentCatalog, state: LearningState): string[] {
  const known = new Set([
    ...state.courses,
    ...(state.course ? [state.course] : []),
    ...Object.keys(state.progress),
  ]);
  return [...known].filter((slug) => courseFinished(catalog, state, slug));
}

export function createCertificateExtensions(catalog: ContentCatalog): RootExtensions {
  // Asked for (CERTIFICATE) in a flow: its pending question follows the answer.
  const resume = (input: RootInput, asked: boolean): Effect[] =>
    asked && input.activeFlow ? [{ type: 'reprompt', params: { reason: 'interruption' } }] : [];

  const certificateCommand: RootCommand = {
    ...command(
      'certificate',
      onboardedOnly((input) => [
        {
          type: 'callService',
          params: {
            service: CERTIFICATE_SERVICE,
            // The turn's time names the request: a rerun after a crash sends nothing twice.
            input: {
              requestId: input.at,
              reason: 'asked',
              courses: finishedCourses(catalog, journeyOf(input).state),
            },
          },
        },
      ]),
      'none',
    ),
    answersLater: true,
  };

  return {
    commands: [certificateCommand],
    events: {
      certificateReady: (input) => {
        const text = (name: string) => String(input.data[name] ?? '');
        const vars = { course: text('course'), link: text('link') };
        return [
          // WhatsApp refused the picture: the link still reaches the learner.
          send('certificate.ready', vars, {
            media: { type: 'image', url: text('png') },
            fallback: { key: 'certificate.readyText', vars },
          }),
          send('certificate.pdf', vars, {
            media: { type: 'document', url: text('pdf') },
            fallback: { key: 'certificate.pdfNotSent', vars: { link: text('pdf') } },
          }),
          ...(input.data.named === false ? [send('certificate.nameHint', { name: text('name') })] : []),
          ...resume(input, input.data.reason === 'asked'),
        ];
      },
      certificateNone: (input) => [send('certificate.none'), ...resume(input, true)],
      certificateFailed: (input) => [
        send('certificate.failed'),
        ...resume(input, input.data.reason === 'asked'),
      ],
    },
  };
}
