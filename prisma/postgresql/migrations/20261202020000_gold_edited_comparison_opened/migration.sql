-- AlterTable: a gold span changed by hand carries when, and an article records when its comparison first opened to reviewers.
ALTER TABLE "GoldSpan" ADD COLUMN "editedAt" TIMESTAMP(3);
ALTER TABLE "Article" ADD COLUMN "comparisonOpenedAt" TIMESTAMP(3);
