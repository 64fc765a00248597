/** The policy pack the preview workflow applies (`pulumi preview --policy-pack policy`). */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./rules.js";

new PolicyPack("opencode-memory", { policies: POLICIES });
