-- AlterTable: the agreement cache's revision counter (a plain ADD COLUMN; same resulting table as Prisma's redefinition).
ALTER TABLE "Project" ADD COLUMN "annotationRevision" INTEGER NOT NULL DEFAULT 0;
