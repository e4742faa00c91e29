import { redirect } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/page-guards";

export default async function SettingsIndex() {
  await requirePagePermission("settings:manage", "/settings");
  redirect("/settings/services");
}
