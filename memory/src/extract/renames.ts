/**
 * Files moved by a shell command: `git mv src/users.ts src/user-service.ts`, `mv a.ts b.ts`. Only
 * the plain two-path form: with flags that change the meaning or several sources, the target is a
 * directory and which file went where is a guess.
 */
import { shellSegments, shellWords } from "./command.js";

export interface Rename {
  from: string;
  to: string;
}

export function renames(command: string): Rename[] {
  const out: Rename[] = [];
  for (const segment of shellSegments(command)) {
    const words = shellWords(segment);
    const start = words[0] === "git" && words[1] === "mv" ? 2 : words[0] === "mv" ? 1 : -1;
    if (start < 0) continue;
    // `-f`, `-k`, `-v` and `--` change nothing about where the file goes.
    const paths = words.slice(start).filter((w) => !/^-(?:[fkvn]+|-)$/.test(w));
    const [from, to] = paths;
    if (paths.length === 2 && from && to && !from.startsWith("-") && !to.startsWith("-") && !to.endsWith("/"))
      out.push({ from, to });
  }
  return out;
}
