-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "annotationRevision" INTEGER NOT NULL DEFAULT 0;
