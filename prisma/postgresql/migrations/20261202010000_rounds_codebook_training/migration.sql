-- Spans record the codebook version they were made under (null: made before versions existed).
ALTER TABLE "Annotation" ADD COLUMN "codebookVersion" INTEGER;

-- A training round can gate the next rounds: an annotator qualifies with micro F1 >= qualifyF1 against gold.
ALTER TABLE "Round" ADD COLUMN "qualifyF1" DOUBLE PRECISION;

-- CreateTable: the manager's override of a qualification (qualified or held back whatever the F1).
CREATE TABLE "RoundQualification" (
    "roundId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "qualified" BOOLEAN NOT NULL,
    "decidedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoundQualification_pkey" PRIMARY KEY ("roundId", "userId"),
    CONSTRAINT "RoundQualification_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoundQualification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
