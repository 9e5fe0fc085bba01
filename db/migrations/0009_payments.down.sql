DROP TABLE "payment_alerts";--> statement-breakpoint
DROP TABLE "payment_history";--> statement-breakpoint
DROP TABLE "support_requests";--> statement-breakpoint
DROP TABLE "payment_ledger";--> statement-breakpoint
DROP TABLE "payment_refunds";--> statement-breakpoint
DROP TABLE "subscriptions";--> statement-breakpoint
DROP TABLE "payment_attempts";--> statement-breakpoint
DROP TABLE "payment_orders";
