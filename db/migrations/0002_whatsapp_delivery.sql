CREATE TABLE "delivery_statuses" (
	"channel" text NOT NULL,
	"provider_id" text NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"recipient" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	CONSTRAINT "delivery_statuses_channel_provider_id_pk" PRIMARY KEY("channel","provider_id")
);
--> statement-breakpoint
CREATE INDEX "outbox_held_idx" ON "outbox" USING btree ("user_id") WHERE status = 'held';--> statement-breakpoint
CREATE INDEX "outbox_provider_idx" ON "outbox" USING btree ("channel","provider_id") WHERE provider_id is not null;