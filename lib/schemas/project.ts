import { z } from "zod";
import { ZId } from "./common";

/** The project page's lock switch (a form: `locked` is "true" or "false"). */
export const ZSetProjectLocked = z.object({
  projectId: ZId,
  locked: z.enum(["true", "false"]).transform((v) => v === "true"),
});
export type TSetProjectLocked = z.infer<typeof ZSetProjectLocked>;
