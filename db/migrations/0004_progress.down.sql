DROP TABLE IF EXISTS "review_events";
--> statement-breakpoint
DROP TABLE IF EXISTS "quiz_attempts";
--> statement-breakpoint
DROP TABLE IF EXISTS "lesson_completions";
--> statement-breakpoint
DROP TABLE IF EXISTS "learner_pauses";
--> statement-breakpoint
DROP TABLE IF EXISTS "feedback";
