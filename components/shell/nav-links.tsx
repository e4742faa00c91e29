"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";

export type NavItem = { href: string; label: string; children?: { href: string; label: string }[] };

function isActive(pathname: string, href: string) {
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex gap-1 md:flex-col">
      {items.map((item) => (
        <li key={item.href}>
          <Link
            href={item.children?.[0]?.href ?? item.href}
            aria-current={isActive(pathname, item.href) ? "page" : undefined}
            className={cx(
              "block rounded-md px-3 py-2 text-sm font-medium",
              isActive(pathname, item.href) ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            {item.label}
          </Link>
          {item.children && isActive(pathname, item.href) ? (
            <ul className="mt-1 ml-3 hidden space-y-1 border-l border-slate-200 pl-2 md:block">
              {item.children.map((child) => (
                <li key={child.href}>
                  <Link
                    href={child.href}
                    aria-current={isActive(pathname, child.href) ? "page" : undefined}
                    className={cx(
                      "block rounded-md px-2 py-1.5 text-sm",
                      isActive(pathname, child.href) ? "font-medium text-brand-700" : "text-slate-600 hover:text-slate-900",
                    )}
                  >
                    {child.label}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
