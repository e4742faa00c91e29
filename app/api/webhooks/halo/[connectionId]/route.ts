import { receiveHaloWebhook } from "@/lib/timeline/ingest";

export async function POST(request: Request, { params }: { params: Promise<{ connectionId: string }> }) {
  const { connectionId } = await params;
  return receiveHaloWebhook(request, connectionId);
}
