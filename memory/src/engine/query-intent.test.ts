import { describe, expect, it } from "vitest";
import { queryIntent } from "./query-intent.js";

describe("queryIntent", () => {
  it.each([
    "what's left to do?",
    "any open tasks",
    "What is next",
    "list the TODOs",
    "what remains outstanding",
    "what's still open?",
    "anything not done yet",
  ])("asks for open tasks: %s", (q) => {
    expect(queryIntent(q)).toEqual({ q: `${q} pending task`, recent: false, tasks: true });
  });

  it.each([
    "where did we leave off",
    "what was I working on last time",
    "catch me up",
    "what happened yesterday",
  ])("asks for recent work: %s", (q) => {
    expect(queryIntent(q)).toEqual({ q, recent: true, tasks: false });
  });

  it.each([
    "why does the login page crash",
    "which Node version",
    "the PostgreSQL version",
    "the latest flag parser",
  ])("leaves an ordinary question alone: %s", (q) => {
    expect(queryIntent(q).q).toBe(q);
  });

  it.each([
    ["which postgres version are we on", "which postgres version are we on PostgreSQL"],
    ["do we deploy to k8s", "do we deploy to k8s Kubernetes"],
    ["nextjs routing", "nextjs routing Next.js"],
    ["how do i run the linter", "how do i run the linter lint"],
    ["which formatter", "which formatter format"],
    ["what logging library do we use", "what logging library do we use logger"],
    ["what do we use for background jobs", "what do we use for background jobs job queue"],
    [
      "how are third-party libraries pulled into the app?",
      "how are third-party libraries pulled into the app? dependency manager",
    ],
    ["where do we log training runs?", "where do we log training runs? experiment tracking"],
    ["which runtime image do we ship?", "which runtime image do we ship? base image"],
    [
      "what's the lowest Android API level we support?",
      "what's the lowest Android API level we support? minSdk",
    ],
    ["where is the app hosted", "where is the app hosted hosting"],
    ["what triggers the nightly aggregation run?", "what triggers the nightly aggregation run? scheduler"],
  ])("adds the words a tool or job is stored with: %s", (q, expanded) => {
    // Then, for a kind of tool, the names of that kind (next test).
    expect(queryIntent(q).q.startsWith(expanded)).toBe(true);
  });

  it.each([
    ["what test framework does the club admin app use?", ["RSpec", "pytest", "Vitest"], ["Ruff"]],
    ["what process server runs the API in production?", ["Gunicorn", "Uvicorn", "Puma"], ["RSpec"]],
    ["which package manager do we use", ["pnpm", "uv", "Bun"], ["Gunicorn"]],
    ["what sends the signup emails?", ["Postmark", "SendGrid", "Mailgun"], ["nginx"]],
    ["what's the reverse proxy in front of the app?", ["nginx", "Caddy", "Traefik"], ["Postmark"]],
    ["which library does the arg parsing in the cli?", ["clap", "Cobra", "Typer"], ["nginx"]],
  ])("asks for a kind of tool by the names of that kind: %s", (q, named, notNamed) => {
    const words = queryIntent(q).q.split(" ");
    for (const n of named) expect(words).toContain(n);
    for (const n of notNamed) expect(words).not.toContain(n);
  });
});
