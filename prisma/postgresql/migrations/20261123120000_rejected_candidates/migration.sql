-- CreateTable
CREATE TABLE "RejectedCandidate" (
    "id" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "decidedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RejectedCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RejectedCandidate_articleId_labelId_start_end_key" ON "RejectedCandidate"("articleId", "labelId", "start", "end");

-- AddForeignKey
ALTER TABLE "RejectedCandidate" ADD CONSTRAINT "RejectedCandidate_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RejectedCandidate" ADD CONSTRAINT "RejectedCandidate_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;

