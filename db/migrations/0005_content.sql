CREATE TABLE "courses" (
	"slug" text PRIMARY KEY NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"category" text NOT NULL,
	"difficulty" text NOT NULL,
	"languages" jsonb NOT NULL,
	"premium" boolean DEFAULT false NOT NULL,
	"pass_mark" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lessons" (
	"course_slug" text NOT NULL,
	"slug" text NOT NULL,
	"title" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"media" jsonb,
	"estimated_minutes" integer NOT NULL,
	"position" integer NOT NULL,
	"source" text DEFAULT 'files' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lessons_pk" PRIMARY KEY("course_slug","slug")
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"course_slug" text NOT NULL,
	"lesson_slug" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"difficulty" text NOT NULL,
	"question" jsonb NOT NULL,
	"explanation" jsonb NOT NULL,
	"details" jsonb NOT NULL,
	"position" integer NOT NULL,
	"source" text DEFAULT 'files' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questions_pk" PRIMARY KEY("course_slug","lesson_slug","id")
);
--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_course_slug_courses_slug_fk" FOREIGN KEY ("course_slug") REFERENCES "public"."courses"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_lesson_fk" FOREIGN KEY ("course_slug","lesson_slug") REFERENCES "public"."lessons"("course_slug","slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lessons_course_position_idx" ON "lessons" USING btree ("course_slug","position");