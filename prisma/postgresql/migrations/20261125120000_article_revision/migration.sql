-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "annotationRevision" INTEGER NOT NULL DEFAULT 0;
