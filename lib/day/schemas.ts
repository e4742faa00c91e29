import { z } from "zod";
import { daySchema } from "@/lib/time/day";

export const teamChoiceSchema = z.enum(["mine", "everyone"], { error: "team must be mine or everyone" });

export const teamDayQuerySchema = z.object({
  day: daySchema,
  team: teamChoiceSchema.default("everyone"),
});

export const teamDayMarksQuerySchema = teamDayQuerySchema.extend({
  upTo: z.coerce.number({ error: "upTo must be a timeline event id" }).int().min(0).max(Number.MAX_SAFE_INTEGER),
});
