/**
 * The Datadog monitor queries the Pulumi program defines, taken from the real Monitors component:
 * it is constructed under Pulumi's mock runtime with the stack's default settings, and the `query`
 * input of every datadog Monitor it registers is collected. Nothing here restates a query, so a
 * monitor that starts watching a name the service does not emit fails metric-names.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { StackConfigSchema } from "../../components/config.js";

const MONITOR_TYPE = "datadog:index/monitor:Monitor";

export async function monitorQueries(): Promise<string[]> {
  const queries: string[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (args.type === MONITOR_TYPE) queries.push(String(args.inputs.query));
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "monitor-queries",
    "test",
    false,
  );
  // Imported after the mocks are in place, so the component registers against them.
  const { Monitors } = await import("../../components/monitors/index.js");
  // The stack's defaults: what the program passes when the stack file is silent.
  const cfg = StackConfigSchema.pick({
    serverName: true,
    podContainers: true,
    recallP99Ms: true,
    backupMaxAgeHours: true,
    diskUsageMax: true,
    falkordbMemoryMaxBytes: true,
    datadogNotify: true,
    datadogTags: true,
  }).parse({});
  const component = new Monitors("monitors", {
    host: cfg.serverName,
    containers: cfg.podContainers,
    recallP99Ms: cfg.recallP99Ms,
    backupMaxAgeHours: cfg.backupMaxAgeHours,
    diskUsageMax: cfg.diskUsageMax,
    falkordbMemoryMaxBytes: cfg.falkordbMemoryMaxBytes,
    notify: cfg.datadogNotify,
    tags: cfg.datadogTags,
  });
  // A resource's URN resolves once its registration has reached the mock monitor.
  const monitors = Object.values(component.monitors);
  await Promise.all(monitors.map((m) => new Promise((resolve) => m.urn.apply(resolve))));
  if (queries.length !== monitors.length) {
    throw new Error(`registered ${queries.length} monitor queries for ${monitors.length} monitors`);
  }
  return queries;
}
