# The backup job's metric names, rendered into the backup unit's environment.
# The source of truth is memory/src/metrics/names.ts (BACKUP_METRICS), which the Datadog monitors
# import too; test/nixos/metrics.test.ts fails if this file and names.ts disagree, so a rename
# cannot orphan a monitor.
{
  OCM_METRIC_BACKUP_LAST_SUCCESS = "ocm.backup.last_success";
  OCM_METRIC_BACKUP_DURATION = "ocm.backup.duration";
  OCM_METRIC_BACKUP_BYTES = "ocm.backup.bytes";
  OCM_METRIC_BACKUP_FAILURES = "ocm.backup.failures";
}
