import type { ReactNode } from "react";
import { signOutAction } from "@/app/sign-in/actions";
import { Logo } from "@/components/ui/logo";
import type { Actor } from "@/lib/auth/actor";
import { hasPermission, ROLE_LABELS } from "@/lib/auth/roles";
import { FocusOnNavigate } from "./focus-on-navigate";
import { NavLinks, type NavItem } from "./nav-links";

export function initialsOf(name: string) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase() || "?";
}

export function AppShell({ actor, seesOthers, children }: { actor: Actor; seesOthers: boolean; children: ReactNode }) {
  const items: NavItem[] = [
    { href: "/timeline", label: "Timeline" },
    seesOthers ? { href: "/team-day", label: "Team day" } : { href: `/people/${actor.id}`, label: "My day" },
  ];
  if (hasPermission(actor.role, "settings:manage")) {
    items.push({
      href: "/settings",
      label: "Settings",
      children: [
        { href: "/settings/services", label: "Services" },
        { href: "/settings/team", label: "Team" },
      ],
    });
  }
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:flex md:h-screen md:w-60 md:shrink-0 md:flex-col md:border-r md:border-b-0">
        <div className="flex items-center justify-between px-4 py-3 md:block md:px-5 md:py-5">
          <Logo />
        </div>
        <nav aria-label="Main" className="overflow-x-auto px-3 pb-3 md:flex-1 md:pb-0">
          <NavLinks items={items} />
        </nav>
        <div className="hidden border-t border-slate-200 p-4 md:block">
          <div className="flex items-center gap-3">
            <span className="flex size-9 items-center justify-center rounded-full bg-slate-200 text-sm font-semibold text-slate-700" aria-hidden>
              {initialsOf(actor.name)}
            </span>
            <div className="min-w-0">
              <p className="truncate text-sm font-medium" data-testid="current-user">{actor.name}</p>
              <p className="truncate text-xs text-slate-500">{ROLE_LABELS[actor.role]}</p>
            </div>
          </div>
          <form action={signOutAction} className="mt-3">
            <button type="submit" className="text-sm text-slate-600 hover:text-slate-900">
              Sign out
            </button>
          </form>
        </div>
        <form action={signOutAction} className="px-4 pb-3 md:hidden">
          <button type="submit" className="text-sm text-slate-600 hover:text-slate-900">
            Sign out ({actor.name})
          </button>
        </form>
      </aside>
      <FocusOnNavigate />
      <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-10 md:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
