CREATE TABLE "learner_identities" (
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "learner_identities" ADD CONSTRAINT "learner_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "learner_identities_kind_value_unique" ON "learner_identities" USING btree ("kind","value") WHERE kind in ('phone', 'bsuid');--> statement-breakpoint
CREATE INDEX "learner_identities_value_idx" ON "learner_identities" USING btree ("value");--> statement-breakpoint
CREATE INDEX "learner_identities_user_idx" ON "learner_identities" USING btree ("user_id");--> statement-breakpoint
-- Every existing learner is known by their phone number (users.phone): one statement, no downtime.
INSERT INTO "learner_identities" ("user_id", "kind", "value") SELECT "id", 'phone', "phone" FROM "users";
