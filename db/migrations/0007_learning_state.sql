ALTER TABLE "users" RENAME COLUMN "preferences" TO "learning_state";
