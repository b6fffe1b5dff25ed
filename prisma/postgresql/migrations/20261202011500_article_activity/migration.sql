-- CreateTable
CREATE TABLE "ArticleActivity" (
    "articleId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "activeMs" INTEGER NOT NULL DEFAULT 0,
    "lastActiveAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ArticleActivity_pkey" PRIMARY KEY ("articleId", "userId")
);

-- CreateIndex
CREATE INDEX "ArticleActivity_userId_idx" ON "ArticleActivity"("userId");

-- AddForeignKey
ALTER TABLE "ArticleActivity" ADD CONSTRAINT "ArticleActivity_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleActivity" ADD CONSTRAINT "ArticleActivity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
