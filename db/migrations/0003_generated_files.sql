CREATE TABLE "generated_files" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"filename" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "generated_files_expires_idx" ON "generated_files" USING btree ("expires_at");