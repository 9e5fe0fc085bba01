CREATE TABLE "league_awards" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"week" text NOT NULL,
	"points" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "league_awards_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "league_entries" (
	"user_id" uuid NOT NULL,
	"week" text NOT NULL,
	"group_id" bigint NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"reached_at" timestamp with time zone NOT NULL,
	"rank" integer,
	"told_at" timestamp with time zone,
	"nudged_at" timestamp with time zone,
	CONSTRAINT "league_entries_user_id_week_pk" PRIMARY KEY("user_id","week")
);
--> statement-breakpoint
CREATE TABLE "league_groups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"week" text NOT NULL,
	"course" text NOT NULL,
	"zone_bucket" integer NOT NULL,
	"size" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "league_members" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"nickname" text NOT NULL,
	"nickname_key" text NOT NULL,
	"tier" integer DEFAULT 0 NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "league_members_nickname_key_unique" UNIQUE("nickname_key")
);
--> statement-breakpoint
ALTER TABLE "league_awards" ADD CONSTRAINT "league_awards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "league_entries" ADD CONSTRAINT "league_entries_user_id_league_members_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."league_members"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "league_entries" ADD CONSTRAINT "league_entries_group_id_league_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."league_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "league_members" ADD CONSTRAINT "league_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "league_entries_group_idx" ON "league_entries" USING btree ("group_id","points","reached_at");--> statement-breakpoint
CREATE INDEX "league_groups_open_idx" ON "league_groups" USING btree ("week","course","zone_bucket","size");