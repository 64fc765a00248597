/**
 * File path normalisation, the same on every platform and for every spelling of one file:
 * `./src/app.ts`, `src\app.ts`, `src/lib/../app.ts:12:5` and `/abs/repo/src/app.ts` (with the
 * project root `/abs/repo`) all become `src/app.ts`. Pure string work: no `node:path`, so the
 * result never depends on the machine that ingests.
 */

/** Backslashes, `file://`, quotes, `a//b`, `.` and `..` segments; absolute paths stay absolute. */
export function cleanPath(raw: string): string {
  let p = raw.trim().replace(/^[`'"(<[]+|[`'">\]:,;.]+$/g, "");
  // A trailing `:line:col` or `(line,col)` (stack traces, compiler output) is a location.
  p = p.replace(/(?::\d+){1,2}$|\(\d+,\d+\)$/, "");
  if (p.endsWith(")") && !p.includes("(")) p = p.replace(/\)+$/, "").replace(/[:,;.]+$/, "");
  p = p.replace(/^file:\/\//i, "").replace(/\\/g, "/");
  const drive = /^([A-Za-z]):\//.exec(p);
  let prefix = "";
  if (drive) {
    prefix = `${drive[1]!.toLowerCase()}:/`;
    p = p.slice(3);
  } else if (p.startsWith("/")) {
    prefix = "/";
  } else if (p.startsWith("~/")) {
    prefix = "~/";
    p = p.slice(2);
  }
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (seg === ".." && prefix)
      continue; // `/..` is `/`
    else out.push(seg);
  }
  return prefix + out.join("/");
}

/**
 * The path relative to the project root when it lies inside it; otherwise the cleaned path.
 * The root is compared case-sensitively except for a Windows drive letter.
 */
export function relativeToRoot(path: string, root?: string | null): string {
  const p = cleanPath(path);
  if (!root) return p;
  const r = cleanPath(root).replace(/\/+$/, "");
  if (!r || r === "/") return p;
  if (p === r) return ".";
  return p.startsWith(`${r}/`) ? p.slice(r.length + 1) : p;
}

/** The last segment: `src/app.ts` -> `app.ts`. */
export function basenameKey(pathOrKey: string): string {
  const p = cleanPath(pathOrKey);
  const slash = p.lastIndexOf("/");
  return slash < 0 ? p : p.slice(slash + 1);
}

/**
 * Keys under which a file may be known, most specific first: the project-relative path and, when
 * it has directories, its bare name (`app.ts`), so a resolver can match a bare mention to the one
 * full path that ends with it.
 */
export function fileKeyCandidates(path: string, root?: string | null): string[] {
  const key = relativeToRoot(path, root);
  const base = basenameKey(key);
  return base && base !== key ? [key, base] : [key];
}

const FILE_EXT =
  /\.(?:[cm]?[jt]sx?|json[c5]?|md|mdx|ya?ml|toml|ini|env|lock|py|rb|go|rs|java|kt|kts|swift|c|cc|cpp|h|hpp|cs|php|sh|bash|zsh|fish|sql|html?|css|scss|sass|less|vue|svelte|astro|xml|svg|txt|csv|graphql|gql|proto|tf|nix|dockerfile|gradle|ex|exs|erl|hs|ml|scala|clj|lua|dart|r|jl|zig|sol|prisma|conf|cfg|properties|gitignore|editorconfig|npmrc|nvmrc)$/i;
const BARE_FILES =
  /^(?:Dockerfile|Makefile|Containerfile|Procfile|Gemfile|Rakefile|Justfile|Vagrantfile|LICENSE|README|CHANGELOG|CODEOWNERS|\.env(?:\.[\w-]+)?|\.gitignore|\.npmrc|\.nvmrc|\.editorconfig)$/;

/** Looks like a file path or file name (has a known extension or is a well-known bare file). */
export function looksLikeFile(text: string): boolean {
  const p = cleanPath(text);
  if (!p || p.length > 300 || /\s/.test(p) || /^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim())) return false;
  if (/^\d+(?:\.\d+)+$/.test(p)) return false; // versions: 1.2.3
  return FILE_EXT.test(p) || BARE_FILES.test(basenameKey(p));
}
