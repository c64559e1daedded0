// The `xdna` executable is assembled from command files (cmd_*.cpp). Each registers itself with a
// static Registrar so that adding a command never touches main.cpp. Commands hold no logic beyond
// parsing options, calling a library and printing.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace xdna::cli {

// Exit codes shared by all commands.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,   // the command ran and found a problem (mismatch, failed check)
  kExitInvalid = 2,   // bad input, failed validation
  kExitDeadlock = 3,  // emulator deadlock
};

// A command's callback stores its exit code here; main returns it.
int& exit_code();

using RegisterFn = std::function<void(CLI::App& app)>;

struct Registrar {
  // `order` sorts commands in --help (lower first).
  Registrar(int order, RegisterFn fn);
};

void register_all(CLI::App& app);

}  // namespace xdna::cli
