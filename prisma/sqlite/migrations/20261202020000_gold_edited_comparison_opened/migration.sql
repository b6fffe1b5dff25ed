-- AlterTable: a gold span changed by hand carries when, and an article records when its comparison first opened to reviewers.
ALTER TABLE "GoldSpan" ADD COLUMN "editedAt" DATETIME;
ALTER TABLE "Article" ADD COLUMN "comparisonOpenedAt" DATETIME;
