import { cx } from "@/components/ui/cx";

export const WIZARD_STEPS = ["Create API application", "Connect", "Map agents"] as const;

/** The wizard's three steps; finished steps before the current one can be revisited (not past it). */
export function StepIndicator({ current, onSelect }: { current: 1 | 2 | 3; onSelect: (step: 1 | 2) => void }) {
  return (
    <nav aria-label="Connect steps" className="mb-6">
      {/* One line at every width: on phones only the current step is named, the others keep their number. */}
      <ol className="flex items-center gap-1 text-sm sm:gap-2">
        {WIZARD_STEPS.map((label, index) => {
          const number = (index + 1) as 1 | 2 | 3;
          const done = number < current;
          const active = number === current;
          const canGoBack = done && current !== 3 && number !== 3;
          const badge = (
            <span
              className={cx(
                "flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold",
                active ? "bg-brand-600 text-white" : done ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-600",
              )}
              aria-hidden
            >
              {done ? "✓" : number}
            </span>
          );
          const text = (
            <span className={cx(active ? "font-semibold text-slate-900" : "text-slate-600 max-sm:sr-only")}>
              {label}
              <span className="sr-only">{active ? " (current step)" : done ? " (done)" : ""}</span>
            </span>
          );
          return (
            <li key={label} className="flex min-w-0 items-center gap-1 sm:gap-2" aria-current={active ? "step" : undefined}>
              {index > 0 ? <span aria-hidden className="h-px w-3 shrink-0 bg-slate-300 sm:w-6" /> : null}
              {canGoBack ? (
                <button type="button" onClick={() => onSelect(number as 1 | 2)} className="flex items-center gap-2 rounded-md px-1 py-0.5 hover:bg-slate-100">
                  {badge}
                  {text}
                </button>
              ) : (
                <span className="flex items-center gap-2 px-1 py-0.5">
                  {badge}
                  {text}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
