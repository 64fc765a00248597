/**
 * Serialises writes per group. Ingestion reads the graph (existing entities, facts) and then writes
 * what it decided; two concurrent episodes of one group must not both decide from the same stale
 * read. Different groups never wait on each other.
 */
export class GroupLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(group: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(group) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(group, tail);
    void tail.then(() => {
      if (this.tails.get(group) === tail) this.tails.delete(group);
    });
    return next;
  }

  /** Holds several groups' locks at once, taken in sorted order so two callers cannot deadlock. */
  runMany<T>(groups: string[], task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(groups)].sort();
    const nest = (i: number): Promise<T> => {
      const group = sorted[i];
      return group === undefined ? task() : this.run(group, () => nest(i + 1));
    };
    return nest(0);
  }
}
