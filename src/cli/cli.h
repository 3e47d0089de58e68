// cli/cli.h — the agora command line: parses arguments and runs a command.
// Owns: commands and flags (build, check), exit codes, where output goes (summary to stdout,
// diagnostics to stderr, colour only on a terminal).
// Does not own: what a build does (build/).
#pragma once

namespace agora {

/// Runs agora with the process arguments; returns the exit code (0 ok, 1 errors in the
/// input, 2 bad usage).
int run_cli(int argc, char** argv);

}  // namespace agora
