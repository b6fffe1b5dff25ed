-- CreateTable
CREATE TABLE "ProjectMember" (
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectMember_pkey" PRIMARY KEY ("projectId", "userId"),
    CONSTRAINT "ProjectMember_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProjectMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CodebookVersion" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "guidelines" TEXT NOT NULL,
    "taxonomy" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CodebookVersion_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CodebookVersion_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Round" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "training" BOOLEAN NOT NULL DEFAULT false,
    "codebookVersionId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Round_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Round_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Round_codebookVersionId_fkey" FOREIGN KEY ("codebookVersionId") REFERENCES "CodebookVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'assigned',
    "reservedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Assignment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Assignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable: plain ADD COLUMNs (same resulting tables as Prisma's redefinition, existing rows keep their data).
ALTER TABLE "user" ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "user" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "user" ADD COLUMN "lastSignInAt" TIMESTAMP(3);
ALTER TABLE "Project" ADD COLUMN "assignmentMode" TEXT NOT NULL DEFAULT 'everyone';
ALTER TABLE "Project" ADD COLUMN "overlapK" INTEGER NOT NULL DEFAULT 2;
ALTER TABLE "Project" ADD COLUMN "assignmentSeed" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Project" ADD COLUMN "reservationMinutes" INTEGER NOT NULL DEFAULT 60;
ALTER TABLE "Project" ADD COLUMN "anonymiseCurators" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "ProjectMember_userId_idx" ON "ProjectMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CodebookVersion_projectId_version_key" ON "CodebookVersion"("projectId", "version");

-- CreateIndex
CREATE INDEX "Round_projectId_position_idx" ON "Round"("projectId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Round_projectId_name_key" ON "Round"("projectId", "name");

-- CreateIndex
CREATE INDEX "Assignment_userId_projectId_idx" ON "Assignment"("userId", "projectId");

-- CreateIndex
CREATE INDEX "Assignment_articleId_idx" ON "Assignment"("articleId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_roundId_articleId_slot_key" ON "Assignment"("roundId", "articleId", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_roundId_articleId_userId_key" ON "Assignment"("roundId", "articleId", "userId");


-- Existing projects keep working: "everyone" mode (the column default), one round under codebook version 1
-- (today's guidelines and labels), every reviewer an annotator and every admin a manager of every project.
INSERT INTO "CodebookVersion" ("id", "projectId", "version", "guidelines", "taxonomy", "createdAt")
SELECT 'cbv1-' || p."id", p."id", 1, p."guidelines",
       COALESCE((SELECT json_agg(json_build_object('group', g."name", 'name', l."name", 'definition', l."definition", 'guideline', l."guideline", 'archived', l."archivedAt" IS NOT NULL))::text FROM "Label" l JOIN "LabelGroup" g ON g."id" = l."groupId" WHERE l."projectId" = p."id"), '[]'),
       CURRENT_TIMESTAMP
FROM "Project" p;
INSERT INTO "Round" ("id", "projectId", "name", "position", "training", "codebookVersionId", "createdAt")
SELECT 'round1-' || "id", "id", 'Main', 0, false, 'cbv1-' || "id", CURRENT_TIMESTAMP FROM "Project";
INSERT INTO "ProjectMember" ("projectId", "userId", "role", "createdAt")
SELECT p."id", u."id", CASE WHEN u."role" = 'admin' THEN 'manager' ELSE 'annotator' END, CURRENT_TIMESTAMP
FROM "Project" p CROSS JOIN "user" u;
