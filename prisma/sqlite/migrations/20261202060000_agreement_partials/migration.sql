-- CreateTable: each article's agreement partial, kept across restarts (keyed by the article and its annotation revision).
CREATE TABLE "AgreementPartial" (
    "articleId" TEXT NOT NULL PRIMARY KEY,
    "revision" INTEGER NOT NULL,
    "stamp" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    CONSTRAINT "AgreementPartial_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
