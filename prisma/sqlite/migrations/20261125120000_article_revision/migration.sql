-- AlterTable: per-article revision for the agreement figures' per-article cache (a plain ADD COLUMN; same resulting table as Prisma's redefinition).
ALTER TABLE "Article" ADD COLUMN "annotationRevision" INTEGER NOT NULL DEFAULT 0;
