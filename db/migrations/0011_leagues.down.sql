DROP TABLE "league_entries";--> statement-breakpoint
DROP TABLE "league_awards";--> statement-breakpoint
DROP TABLE "league_groups";--> statement-breakpoint
DROP TABLE "league_members";
