/** Datadog monitors for the host, the pod, the memory service and the backups. */
import * as datadog from "@pulumi/datadog";
import * as pulumi from "@pulumi/pulumi";
import { type MonitorInput, monitorSpecs } from "./queries.js";

export { type MonitorSpec, monitorSpecs } from "./queries.js";

export interface MonitorsArgs extends MonitorInput {
  /** Tags on every monitor, e.g. service:opencode-memory, env:prod. */
  tags: string[];
}

export class Monitors extends pulumi.ComponentResource {
  readonly monitors: Record<string, datadog.Monitor> = {};

  constructor(name: string, args: MonitorsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ocm:monitors:Monitors", name, {}, opts);
    for (const spec of monitorSpecs(args)) {
      this.monitors[spec.key] = new datadog.Monitor(
        `${name}-${spec.key}`,
        {
          name: spec.name,
          type: spec.type,
          query: spec.query,
          message: spec.message,
          monitorThresholds: spec.thresholds,
          notifyNoData: spec.notifyNoData,
          noDataTimeframe: spec.noDataTimeframe,
          tags: [...args.tags, `host:${args.host}`],
          includeTags: true,
        },
        { parent: this },
      );
    }
    this.registerOutputs({ monitorIds: Object.values(this.monitors).map((m) => m.id) });
  }
}
