-- AlterTable: sign-in back-off. An account locked under the old fixed window stays locked until its end.
ALTER TABLE "SignInThrottle" ADD COLUMN "lockedUntil" BIGINT NOT NULL DEFAULT 0;
UPDATE "SignInThrottle" SET "lockedUntil" = "windowStart" + 900000 WHERE "failures" >= 5;

-- CreateTable
CREATE TABLE "SetupToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
