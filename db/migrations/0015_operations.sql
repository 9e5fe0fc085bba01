CREATE TABLE "error_groups" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"error_class" text NOT NULL,
	"message" text NOT NULL,
	"top_frame" text,
	"last_message" text NOT NULL,
	"source" text,
	"count" bigint NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "error_minutes" (
	"minute" timestamp with time zone NOT NULL,
	"fingerprint" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "error_minutes_minute_fingerprint_pk" PRIMARY KEY("minute","fingerprint")
);
--> statement-breakpoint
CREATE TABLE "ops_alerts" (
	"rule" text PRIMARY KEY NOT NULL,
	"open" boolean DEFAULT false NOT NULL,
	"since" timestamp with time zone,
	"value" double precision,
	"threshold" double precision,
	"message" text,
	"notified_at" timestamp with time zone,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "error_groups_last_seen_idx" ON "error_groups" USING btree ("last_seen");