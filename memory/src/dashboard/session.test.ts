import { describe, expect, it } from "vitest";
import { roleForToken, SessionSigner } from "./session.js";

const TOKEN = "0123456789abcdef0123456789abcdef";

describe("SessionSigner", () => {
  it("round-trips a session and never puts the token in the cookie", () => {
    const signer = new SessionSigner(TOKEN, 3600);
    const { cookie, session } = signer.issue("admin");
    expect(cookie).not.toContain(TOKEN);
    expect(Buffer.from(cookie.split(".")[1] ?? "", "base64url").toString()).not.toContain(TOKEN);
    expect(signer.verify(cookie)).toEqual(session);
  });

  it("rejects tampered, foreign, expired and malformed cookies", () => {
    let now = 1_000_000;
    const signer = new SessionSigner(TOKEN, 60, () => now);
    const { cookie } = signer.issue("read");
    const [v, payload, mac] = cookie.split(".") as [string, string, string];
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), r: "admin" }),
    ).toString("base64url");
    expect(signer.verify(`${v}.${forgedPayload}.${mac}`)).toBeNull();
    expect(new SessionSigner(`${TOKEN}x`, 60, () => now).verify(cookie)).toBeNull();
    for (const bad of [undefined, "", "v1..", "v2.a.b", "x".repeat(600), `${cookie}.extra`]) {
      expect(signer.verify(bad)).toBeNull();
    }
    now += 61;
    expect(signer.verify(cookie)).toBeNull();
  });

  it("binds the CSRF token to the session", () => {
    const signer = new SessionSigner(TOKEN, 3600);
    const a = signer.issue("admin").session;
    const b = signer.issue("admin").session;
    expect(signer.checkCsrf(a, signer.csrfToken(a))).toBe(true);
    expect(signer.checkCsrf(a, signer.csrfToken(b))).toBe(false);
    expect(signer.checkCsrf(a, undefined)).toBe(false);
    expect(signer.checkCsrf(a, "")).toBe(false);
  });
});

describe("roleForToken", () => {
  it("maps the two tokens to their roles and refuses others", () => {
    const ro = "readonly-token-0123456789";
    expect(roleForToken(TOKEN, TOKEN, ro)).toBe("admin");
    expect(roleForToken(ro, TOKEN, ro)).toBe("read");
    expect(roleForToken("nope", TOKEN, ro)).toBeNull();
    expect(roleForToken("", TOKEN)).toBeNull();
  });
});
