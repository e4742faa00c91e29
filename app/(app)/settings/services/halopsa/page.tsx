import type { Metadata } from "next";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guards";

export const metadata: Metadata = { title: "HaloPSA" };

export default async function HaloPsaPage() {
  await requirePagePermission("settings:manage", "/settings/services/halopsa");
  return (
    <>
      <PageHeader title="HaloPSA" description="Connection, agent mapping and health." />
      <Card>
        <EmptyState title="HaloPSA is not connected yet">The connect wizard arrives here next.</EmptyState>
      </Card>
    </>
  );
}
