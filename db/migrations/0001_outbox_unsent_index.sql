DROP INDEX "outbox_due_idx";--> statement-breakpoint
CREATE INDEX "outbox_unsent_idx" ON "outbox" USING btree ("id") WHERE status in ('pending', 'sending');