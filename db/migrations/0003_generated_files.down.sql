DROP TABLE IF EXISTS "generated_files";
