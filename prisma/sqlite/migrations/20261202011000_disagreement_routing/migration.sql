-- Disagreement routing: an article whose agreement after k done annotators is below routeBelow gets one
-- more annotator, up to routeMax annotators (null routeBelow: off).
ALTER TABLE "Project" ADD COLUMN "routeMetric" TEXT NOT NULL DEFAULT 'alpha';
ALTER TABLE "Project" ADD COLUMN "routeBelow" REAL;
ALTER TABLE "Project" ADD COLUMN "routeMax" INTEGER NOT NULL DEFAULT 3;
-- Which assignments routing made (the progress and the exports can tell them apart).
ALTER TABLE "Assignment" ADD COLUMN "routed" BOOLEAN NOT NULL DEFAULT false;
