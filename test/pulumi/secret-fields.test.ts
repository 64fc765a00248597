/** The 1Password item's fields are exactly the ones the host's OpNix config reads. */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOST_SECRET_FIELDS } from "../../components/secrets/fields.js";
import { NIX_ENV } from "../nixos/tools.js";

const root = join(import.meta.dirname, "..", "..");

describe("host secret fields", () => {
  it("match nixos/lib/secret-fields.nix, in order", () => {
    const json = execFileSync(
      "nix-instantiate",
      ["--eval", "--strict", "--json", join(root, "nixos", "lib", "secret-fields.nix")],
      { encoding: "utf8", env: NIX_ENV },
    );
    const fields = (JSON.parse(json) as { field: string }[]).map((f) => f.field);
    expect([...HOST_SECRET_FIELDS]).toEqual(fields);
  });
});
