/**
 * The terms of the tooling around a stack: native and mobile dependency managers, code generation,
 * Elixir services, deployment manifests and base images, embedded Rust, version managers, local
 * container runtimes, release automation, and C++ and SQL quality tools.
 */
import { type Term, T } from "./vocab-term.js";

export const TOOLING_TERMS: ReadonlyArray<[string, Term]> = [
  // Where a native or mobile project's libraries come from: one at a time, so a move replaces.
  ...T(["vcpkg"], "vcpkg", "dependency_manager"),
  ...T(["conan"], "Conan", "dependency_manager"),
  ...T(["cocoapods"], "CocoaPods", "dependency_manager"),
  ...T(["swift package manager", "spm"], "Swift Package Manager", "dependency_manager"),
  ...T(["carthage"], "Carthage", "dependency_manager"),
  // Kotlin code generation for Room, Hilt or Moshi.
  ...T(["ksp", "kotlin symbol processing"], "KSP", "code_generation"),
  ...T(["kapt"], "kapt", "code_generation"),
  // Elixir services.
  ...T(["oban"], "Oban", "job_queue", "package"),
  ...T(["credo"], "Credo", "static_analysis", "package"),
  ...T(["dialyzer", "dialyxir"], "Dialyzer", "static_analysis", "package"),
  ...T(["libcluster"], "libcluster", "clustering", "package"),
  // How manifests are written and what images run.
  ...T(["kustomize"], "Kustomize", "deployment", "tool"),
  ...T(["distroless"], "distroless", "base_image"),
  ...T(["alpine", "alpine linux"], "Alpine", "base_image"),
  // Embedded Rust.
  ...T(["embassy"], "Embassy", "embedded_framework", "package"),
  ...T(["rtic"], "RTIC", "embedded_framework", "package"),
  ...T(["probe-rs"], "probe-rs", "flashing"),
  ...T(["openocd"], "OpenOCD", "flashing"),
  // Toolchain version managers and local container runtimes.
  ...T(["fvm"], "FVM", "version_manager"),
  ...T(["nvm"], "nvm", "version_manager"),
  ...T(["fnm"], "fnm", "version_manager"),
  ...T(["volta"], "Volta", "version_manager"),
  ...T(["asdf"], "asdf", "version_manager"),
  ...T(["mise"], "mise", "version_manager"),
  ...T(["pyenv"], "pyenv", "version_manager"),
  ...T(["rbenv"], "rbenv", "version_manager"),
  ...T(["colima"], "Colima", "container"),
  ...T(["orbstack"], "OrbStack", "container"),
  ...T(["docker desktop"], "Docker Desktop", "container"),
  ...T(["rancher desktop"], "Rancher Desktop", "container"),
  // Releases.
  ...T(["release-please", "release please"], "release-please", "release_tool"),
  ...T(["changesets"], "Changesets", "release_tool"),
  ...T(["semantic-release"], "semantic-release", "release_tool"),
  ...T(["goreleaser"], "GoReleaser", "release_tool"),
  // Python test environments, C++ and SQL quality tools.
  ...T(["tox"], "tox", "test_environments"),
  ...T(["nox"], "nox", "test_environments"),
  ...T(["catch2"], "Catch2", "test_framework", "package"),
  ...T(["googletest", "gtest", "google test"], "GoogleTest", "test_framework", "package"),
  ...T(["clang-tidy"], "clang-tidy", "static_analysis"),
  ...T(["clang-format"], "clang-format", "formatter"),
  ...T(["ccache"], "ccache", "build_cache"),
  ...T(["sqlfluff"], "SQLFluff", "sql_linter"),
  // Go formatting and linting.
  ...T(["gofmt"], "gofmt", "formatter"),
  ...T(["gofumpt"], "gofumpt", "formatter"),
  ...T(["goimports"], "goimports", "formatter"),
  ...T(["golangci-lint", "golangci"], "golangci-lint", "linter"),
  // Database drivers, under the ORM or in its place.
  ...T(["asyncpg"], "asyncpg", "database_driver", "package"),
  ...T(["psycopg", "psycopg2", "psycopg3"], "psycopg", "database_driver", "package"),
  ...T(["pgx"], "pgx", "database_driver", "package"),
  // Documentation and static sites.
  ...T(["mkdocs", "mkdocs material", "mkdocs-material"], "MkDocs", "docs_generator"),
  ...T(["sphinx"], "Sphinx", "docs_generator"),
  ...T(["docusaurus"], "Docusaurus", "docs_generator"),
  ...T(["vitepress"], "VitePress", "docs_generator"),
  ...T(["eleventy", "11ty"], "Eleventy", "static_site_generator"),
  ...T(["hugo"], "Hugo", "static_site_generator"),
  ...T(["jekyll"], "Jekyll", "static_site_generator"),
  ...T(["astro"], "Astro", "web_framework", "package", "major"),
  // What runs things on a schedule.
  ...T(["cron", "crontab"], "cron", "scheduler"),
  ...T(["systemd timer", "systemd timers", "systemd user timer"], "systemd timers", "scheduler"),
  // More release and code generation tools.
  ...T(["cargo-dist"], "cargo-dist", "release_tool"),
  ...T(["graphql-codegen", "graphql codegen"], "GraphQL Code Generator", "code_generation"),
  ...T(["pest", "pestphp"], "Pest", "test_framework", "package"),
];
