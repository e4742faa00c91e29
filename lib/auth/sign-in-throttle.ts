import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { clientAddress } from "./client-address";
import { describePause, FAILURE_MEMORY_MS, pauseAfterFailures } from "./sign-in-pause";

export const SIGN_IN_PAUSED_ACTION = "auth.sign_in_paused";

/** Who is trying: the email (as typed, lower-cased) and the client address the trusted-proxy setting yields. */
export interface SignInAttempt {
  email: string;
  client: string;
}

export function signInAttempt(email: string, headers: Headers): SignInAttempt {
  return { email: email.trim().toLowerCase(), client: clientAddress(headers, env().TRUSTED_PROXY_HOPS) };
}

const key = ({ email, client }: SignInAttempt) => ({ email_clientKey: { email, clientKey: client } });

/**
 * Milliseconds this email may not be tried from this client (0: go ahead). Stored in the database, so every app
 * instance enforces the same pause; another client, including the person's own, is not affected.
 */
export async function signInPausedFor(attempt: SignInAttempt, now = new Date()): Promise<number> {
  const row = await db.signInThrottle.findUnique({ where: key(attempt), select: { blockedUntil: true } });
  return row?.blockedUntil ? Math.max(0, row.blockedUntil.getTime() - now.getTime()) : 0;
}

/** Counts a wrong password; from the fifth in a row on, pauses this email for this client and says so in the audit trail. */
export async function recordFailedSignIn(attempt: SignInAttempt, now = new Date()): Promise<void> {
  const stale = new Date(now.getTime() - FAILURE_MEMORY_MS);
  await db.signInThrottle.deleteMany({ where: { lastFailureAt: { lt: stale } } });
  const { failures } = await db.signInThrottle.upsert({
    where: key(attempt),
    create: { email: attempt.email, clientKey: attempt.client, failures: 1, lastFailureAt: now },
    update: { failures: { increment: 1 }, lastFailureAt: now },
    select: { failures: true },
  });
  const pause = pauseAfterFailures(failures);
  if (pause === 0) return;
  await db.signInThrottle.update({ where: key(attempt), data: { blockedUntil: new Date(now.getTime() + pause) } });
  await auditPause(attempt, failures, pause);
}

/** The right password: this client's count for this email starts again. */
export async function recordSuccessfulSignIn(attempt: SignInAttempt): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { email: attempt.email, clientKey: attempt.client } });
}

async function auditPause(attempt: SignInAttempt, failures: number, pause: number) {
  const person = await db.user.findUnique({ where: { email: attempt.email }, select: { organizationId: true } });
  // An email nobody has is throttled the same way, but there is no workspace whose trail it belongs in.
  if (!person) return;
  const from = attempt.client === "unknown" ? "a client whose address is not known" : attempt.client;
  await db.auditEntry.create({
    data: {
      organizationId: person.organizationId,
      actorUserId: null,
      actorName: "Sign-in protection",
      action: SIGN_IN_PAUSED_ACTION,
      summary: `Sign-in as ${attempt.email} from ${from} paused for ${describePause(pause)} after ${failures} wrong passwords in a row`,
    },
  });
}
