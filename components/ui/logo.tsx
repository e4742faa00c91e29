import Image from "next/image";

export function Logo({ className }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight text-slate-900 ${className ?? ""}`}>
      <Image src="/worksights-mark.svg" alt="" width={24} height={24} className="size-6" unoptimized priority />
      WorkSights
    </span>
  );
}
