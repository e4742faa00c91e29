import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function Forbidden() {
  return (
    // Rendered inside the signed-in shell, which already has the page's main landmark.
    <div className="flex items-center justify-center px-2 py-10 sm:py-16">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-brand-600">403</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">You are not allowed to open this page</h1>
        <p className="mt-2 text-sm text-slate-600">
          Only admins can change settings. If you need access, ask an admin of your workspace to change your role.
        </p>
        <Link href="/timeline" className={`${buttonClasses("primary")} mt-6`}>
          Back to the timeline
        </Link>
      </div>
    </div>
  );
}
