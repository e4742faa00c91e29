import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { verifyPassword } from "./password";
import { signInSchema } from "./sign-in-schema";
import { recordFailedSignIn, recordSuccessfulSignIn, signInAttempt, signInPausedFor } from "./sign-in-throttle";

export const TOO_MANY_SIGN_IN_ATTEMPTS = "too_many_attempts";

class TooManySignInAttempts extends CredentialsSignin {
  code = TOO_MANY_SIGN_IN_ATTEMPTS;
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
  pages: { signIn: "/sign-in" },
  logger: {
    error(error) {
      // A wrong password is an expected outcome shown to the person, not a server fault.
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(rawCredentials, request) {
        const parsed = signInSchema.safeParse(rawCredentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const attempt = signInAttempt(email, request.headers);
        if ((await signInPausedFor(attempt)) > 0) throw new TooManySignInAttempts();
        const user = await db.user.findUnique({ where: { email } });
        if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
          await recordFailedSignIn(attempt);
          return null;
        }
        await recordSuccessfulSignIn(attempt);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
