ALTER TABLE "users" RENAME COLUMN "learning_state" TO "preferences";
