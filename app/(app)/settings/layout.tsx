import type { ReactNode } from "react";
import { NavLinks } from "@/components/shell/nav-links";

// On small screens the sidebar shows no sub-navigation, so settings pages carry their own tabs there.
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <nav aria-label="Settings" className="mb-6 border-b border-slate-200 pb-3 md:hidden">
        <NavLinks
          items={[
            { href: "/settings/services", label: "Services" },
            { href: "/settings/team", label: "Team" },
          ]}
        />
      </nav>
      {children}
    </>
  );
}
