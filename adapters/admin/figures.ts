import type { OverviewFigures } from '../../db/repositories/dashboard.js';
import type { TutorUsageDay } from '../services/tutor-state.js';

/** The overview's numbers with the tutor's, as the page prints them. */
export interface Overview extends OverviewFigures {
  tutor: { calls: number; offline: number; costUsd: number };
}

export const tutorTotal = (days: TutorUsageDay[]): Overview['tutor'] => {
  const total = days.reduce(
    (sum, day) => ({
      calls: sum.calls + day.calls,
      offline: sum.offline + day.offline,
      costUsd: sum.costUsd + day.costUsd,
    }),
    { calls: 0, offline: 0, costUsd: 0 },
  );
  return { ...total, costUsd: Math.round(total.costUsd * 100) / 100 };
};

const whole = (n: number) => n.toLocaleString('en-US');
const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)} %`);

function age(seconds: number | null): string {
  if (seconds === null) return 'nothing waiting';
  if (seconds < 120) return `oldest ${seconds} s`;
  if (seconds < 7200) return `oldest ${Math.round(seconds / 60)} min`;
  return `oldest ${Math.round(seconds / 3600)} h`;
}

/**
 * Each figure's text by key: the page prints them, and the live stream sends the same map, so
 * the browser only sets `[data-figure=key]` texts (no formatting in two places).
 */
export function figureTexts(o: Overview): Record<string, string> {
  return {
    activeDay: whole(o.activeLearners.day),
    activeWeek: whole(o.activeLearners.week),
    activeMonth: whole(o.activeLearners.month),
    learners: whole(o.learners),
    lessonsDelivered: whole(o.lessons.delivered),
    lessonsCompleted: whole(o.lessons.completed),
    quizPassRate: percent(o.quiz.passRate),
    quizAttempts: `${whole(o.quiz.passed)} of ${whole(o.quiz.attempts)} attempts passed`,
    deliveryRate: percent(o.messages.deliveryRate),
    readRate: percent(o.messages.readRate),
    messagesSent: `${whole(o.messages.sent)} sent, ${whole(o.messages.delivered)} delivered`,
    revenue: `KES ${whole(o.revenue.amount)}`,
    payments: `${whole(o.revenue.payments)} payments`,
    tutorCalls: whole(o.tutor.calls),
    tutorDetail: `${whole(o.tutor.offline)} offline answers, USD ${o.tutor.costUsd.toFixed(2)}`,
    outboxUnsent: whole(o.queue.outboxUnsent),
    outboxAge: age(o.queue.oldestUnsentSeconds),
    inboundPending: whole(o.queue.inboundPending),
  };
}
