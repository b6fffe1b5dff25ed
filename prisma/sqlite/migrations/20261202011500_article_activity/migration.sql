-- CreateTable
CREATE TABLE "ArticleActivity" (
    "articleId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "activeMs" INTEGER NOT NULL DEFAULT 0,
    "lastActiveAt" DATETIME NOT NULL,

    PRIMARY KEY ("articleId", "userId"),
    CONSTRAINT "ArticleActivity_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ArticleActivity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ArticleActivity_userId_idx" ON "ArticleActivity"("userId");
