import { Spinner } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { CONNECT_STEP_LABELS, CONNECT_STEPS, type ConnectStep, type ConnectStepState } from "@/lib/connections/connect-progress";

export type CheckStates = Partial<Record<ConnectStep, ConnectStepState>>;

const STATE_TEXT: Record<ConnectStepState | "waiting", string> = {
  waiting: "not started",
  running: "checking…",
  passed: "passed",
  failed: "failed",
};

function StateIcon({ state }: { state: ConnectStepState | "waiting" }) {
  if (state === "running") return <Spinner className="text-brand-600" />;
  const look = {
    waiting: ["bg-slate-100 text-slate-400", "·"],
    passed: ["bg-emerald-100 text-emerald-700", "✓"],
    failed: ["bg-red-100 text-red-700", "✕"],
  } as const;
  const [classes, symbol] = look[state];
  return (
    <span aria-hidden className={cx("flex size-5 items-center justify-center rounded-full text-xs font-bold", classes)}>
      {symbol}
    </span>
  );
}

/** The connect checks as they run; a screen reader hears each change. */
export function CheckList({ states }: { states: CheckStates }) {
  return (
    <ol aria-label="Connection checks" aria-live="polite" className="space-y-2">
      {CONNECT_STEPS.map((step) => {
        const state = states[step] ?? "waiting";
        return (
          <li key={step} data-testid={`check-${step}`} data-state={state} className="flex items-center gap-3 text-sm">
            <StateIcon state={state} />
            <span className={cx(state === "waiting" ? "text-slate-500" : state === "failed" ? "font-medium text-red-800" : "text-slate-900")}>
              {CONNECT_STEP_LABELS[step]}
            </span>
            <span className="sr-only">: {STATE_TEXT[state]}</span>
          </li>
        );
      })}
    </ol>
  );
}
