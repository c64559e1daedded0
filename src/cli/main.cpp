// Entry point of the `xdna` command: parse, dispatch to the registered commands, map errors to
// messages and exit codes.
#include <fmt/core.h>

#include <exception>

#include "command_registry.hpp"
#include "xdna/common/error.hpp"
#include "xdna/version.hpp"

namespace xdna::cli {

namespace {
struct Entry {
  int order;
  RegisterFn fn;
};
std::vector<Entry>& registry() {
  static std::vector<Entry> entries;
  return entries;
}
}  // namespace

int& exit_code() {
  static int code = kExitOk;
  return code;
}

Registrar::Registrar(int order, RegisterFn fn) {
  registry().push_back({order, std::move(fn)});
}

void register_all(CLI::App& app) {
  auto& entries = registry();
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.order < b.order; });
  for (auto& e : entries) e.fn(app);
}

}  // namespace xdna::cli

int main(int argc, char** argv) {
  CLI::App app{"open-xdna: bring-up, emulation and operators for AMD XDNA NPUs"};
  app.set_version_flag("--version", std::string("xdna ") + xdna::kVersion);
  app.require_subcommand(1);
  xdna::cli::register_all(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RequiredError& e) {
    // CLI11 checks "a subcommand is required" before it reports a leftover word, so a mistyped
    // command would read as a missing one: name the word instead.
    const auto left = app.remaining(true);
    if (left.empty()) return app.exit(e) == 0 ? 0 : xdna::cli::kExitInvalid;
    fmt::print(stderr, "error: unknown command or argument '{}'; see --help for the commands\n",
               left.front());
    return xdna::cli::kExitInvalid;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : xdna::cli::kExitInvalid;
  } catch (const xdna::InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return xdna::cli::kExitInvalid;
  } catch (const xdna::DeviceLimitError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return xdna::cli::kExitInvalid;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return xdna::cli::kExitFailure;
  }
  return xdna::cli::exit_code();
}
