ALTER TABLE "outbox" ADD COLUMN "attempted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "as_template" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_statuses" ADD COLUMN "outbox_id" bigint;--> statement-breakpoint
ALTER TABLE "generated_files" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "generated_files" ADD CONSTRAINT "generated_files_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delivery_statuses_outbox_idx" ON "delivery_statuses" USING btree ("outbox_id") WHERE outbox_id is not null;--> statement-breakpoint
CREATE INDEX "generated_files_user_idx" ON "generated_files" USING btree ("user_id");--> statement-breakpoint
UPDATE "outbox" SET "as_template" = true, "payload" = "payload" - 'forceTemplate' WHERE "payload" ? 'forceTemplate';
