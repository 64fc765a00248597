/**
 * Dashboard sessions without server state: the cookie holds a small signed claim (role, session id,
 * expiry), never the token itself. The signing key is derived from the memory token, so rotating the
 * token logs every browser out, and a restart keeps people logged in.
 *
 * The CSRF token is derived from the session id with the same key: checking it needs no storage, and
 * a page from another origin cannot read it (SameSite=Strict keeps the cookie off cross-site requests
 * too; the token is the second lock).
 */
import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";
import { tokenMatches } from "../api/auth.js";

export type Role = "admin" | "read";

export interface Session {
  role: Role;
  /** Random session id; the CSRF token is bound to it. */
  sid: string;
  /** Expiry, Unix seconds. */
  exp: number;
}

const SessionClaimSchema = z.object({
  r: z.enum(["admin", "read"]),
  s: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  e: z.number().int().positive(),
});

const VERSION = "v1";

export class SessionSigner {
  private readonly key: Buffer;

  constructor(
    token: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    if (!token) throw new Error("the dashboard needs the memory token to sign sessions");
    this.key = Buffer.from(hkdfSync("sha256", token, "ocm-dashboard-session", VERSION, 32));
  }

  issue(role: Role): { cookie: string; session: Session } {
    const session: Session = {
      role,
      sid: randomBytes(18).toString("base64url"),
      exp: this.now() + this.ttlSeconds,
    };
    const payload = Buffer.from(JSON.stringify({ r: session.role, s: session.sid, e: session.exp })).toString(
      "base64url",
    );
    return { cookie: `${VERSION}.${payload}.${this.mac(`${VERSION}.${payload}`)}`, session };
  }

  /** The session a cookie value proves, or null (forged, malformed or expired). */
  verify(cookie: string | undefined): Session | null {
    if (!cookie || cookie.length > 512) return null;
    const parts = cookie.split(".");
    if (parts.length !== 3 || parts[0] !== VERSION) return null;
    const [, payload = "", mac = ""] = parts;
    if (!tokenMatches(mac, this.mac(`${VERSION}.${payload}`))) return null;
    let claim: unknown;
    try {
      claim = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return null;
    }
    const parsed = SessionClaimSchema.safeParse(claim);
    if (!parsed.success || parsed.data.e <= this.now()) return null;
    return { role: parsed.data.r, sid: parsed.data.s, exp: parsed.data.e };
  }

  csrfToken(session: Session): string {
    return this.mac(`csrf.${session.sid}`);
  }

  checkCsrf(session: Session, presented: string | undefined | null): boolean {
    return typeof presented === "string" && tokenMatches(presented, this.csrfToken(session));
  }

  private mac(data: string): string {
    return createHmac("sha256", this.key).update(data).digest("base64url");
  }
}

/** Which role a presented token grants, if any. The full token wins when both are equal. */
export function roleForToken(presented: string, token: string, readOnlyToken?: string): Role | null {
  if (tokenMatches(presented, token)) return "admin";
  if (readOnlyToken && tokenMatches(presented, readOnlyToken)) return "read";
  return null;
}
