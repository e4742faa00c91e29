import { Badge } from "@/components/ui/card";
import type { ConnectionStatus } from "@/lib/connections/connection-summary";

const LABELS: Record<ConnectionStatus, { tone: "success" | "warning" | "danger" | "neutral"; text: string }> = {
  active: { tone: "success", text: "Connected" },
  pending: { tone: "warning", text: "Connecting not finished" },
  error: { tone: "danger", text: "Needs attention" },
  disconnected: { tone: "neutral", text: "Disconnected" },
};

export function ConnectionStatusBadge({ status }: { status: ConnectionStatus }) {
  const { tone, text } = LABELS[status];
  return <Badge tone={tone}>{text}</Badge>;
}
