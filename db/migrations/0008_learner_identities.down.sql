DROP TABLE "learner_identities";
