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
  // What sits in front of the app and serves it: one at a time.
  ...T(["nginx"], "nginx", "reverse_proxy"),
  ...T(["caddy"], "Caddy", "reverse_proxy"),
  ...T(["traefik"], "Traefik", "reverse_proxy"),
  ...T(["haproxy"], "HAProxy", "reverse_proxy"),
  ...T(["envoy", "envoy proxy"], "Envoy", "reverse_proxy"),
  // Command-line argument parsing.
  ...T(["cobra", "spf13/cobra"], "Cobra", "cli_parser", "package"),
  ...T(["typer"], "Typer", "cli_parser", "package"),
  ...T(["argparse"], "argparse", "cli_parser", "package"),
  ...T(["yargs"], "yargs", "cli_parser", "package"),
  ...T(["commander.js", "commanderjs"], "Commander.js", "cli_parser", "package"),
  ...T(["docopt"], "docopt", "cli_parser", "package"),
  ...T(["picocli"], "picocli", "cli_parser", "package"),
  ...T(["oclif"], "oclif", "cli_parser", "package"),
  // Who sends the app's email: one provider at a time.
  ...T(["postmark"], "Postmark", "email_provider"),
  ...T(["sendgrid"], "SendGrid", "email_provider"),
  ...T(["mailgun"], "Mailgun", "email_provider"),
  ...T(["amazon ses", "aws ses"], "Amazon SES", "email_provider"),
  // Authentication libraries, serialization and boilerplate generation.
  ...T(["devise"], "Devise", "auth", "package"),
  ...T(["passport.js", "passportjs"], "Passport", "auth", "package"),
  ...T(["serde"], "serde", "serialization", "package"),
  ...T(["lombok"], "Lombok", "code_generation", "package"),
  // GraphQL servers.
  ...T(["graphql yoga", "graphql-yoga"], "GraphQL Yoga", "graphql_server", "package"),
  ...T(["apollo server", "apollo-server", "@apollo/server"], "Apollo Server", "graphql_server", "package"),
  ...T(["mercurius"], "Mercurius", "graphql_server", "package"),
  // Test data, forms, charts, translations and secrets.
  ...T(["factorybot", "factory_bot", "factory bot"], "FactoryBot", "test_fixtures", "package"),
  ...T(["factory_boy", "factory boy"], "factory_boy", "test_fixtures", "package"),
  ...T(["react-hook-form", "react hook form"], "React Hook Form", "forms", "package"),
  ...T(["formik"], "Formik", "forms", "package"),
  ...T(["chart.js", "chartjs"], "Chart.js", "charts", "package"),
  ...T(["recharts"], "Recharts", "charts", "package"),
  ...T(["d3", "d3.js"], "D3", "charts", "package"),
  ...T(["i18next", "react-i18next"], "i18next", "i18n", "package"),
  ...T(["vue-i18n"], "vue-i18n", "i18n", "package"),
  ...T(["react-intl"], "react-intl", "i18n", "package"),
  ...T(["hashicorp vault", "vault"], "Vault", "secrets_manager"),
  ...T(["doppler"], "Doppler", "secrets_manager"),
  ...T(["sops"], "SOPS", "secrets_manager"),
];
