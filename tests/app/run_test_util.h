#pragma once
// Helpers shared by the `lemmaforge run` tests (run_test.cc, run_faults_test.cc):
// configs/smoke.cfg, scratch directories, running the real binary (directly, in
// the background, or under mpirun) and the checks every complete smoke run passes.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "io/records.h"
#include "kernel/theory.h"
#include "test_paths.h"

namespace lf::app {

inline std::string Smoke() { return test::SourceDir() + "/configs/smoke.cfg"; }

inline std::string Mpirun(int ranks) {
  return std::string(LF_TEST_MPIEXEC) + " --allow-run-as-root --oversubscribe -np " +
         std::to_string(ranks) + " " + test::Binary();
}

// A fresh directory for one test's runs.
inline std::string TempDir(const std::string& name) {
  const std::string dir = "/tmp/lf_run_test_" + name + "_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs a shell command; returns its exit code (-1 if killed) and output.
inline test::BinaryResult Shell(const std::string& command) {
  test::BinaryResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Starts `lemmaforge ARGS` in the background; returns its pid.
inline pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv;
    const std::string binary = test::Binary();
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::freopen(log.c_str(), "w", stdout);
    std::freopen(log.c_str(), "a", stderr);
    ::execv(binary.c_str(), argv.data());
    std::_Exit(127);
  }
  return pid;
}

// Starts the shell command `command` (mpirun ...) in the background, its output
// to `log`; returns the pid of the command itself (the shell execs it).
inline pid_t SpawnShell(const std::string& command, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::freopen(log.c_str(), "w", stdout);
    std::freopen(log.c_str(), "a", stderr);
    ::execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  return pid;
}

// Waits for `pid`; its exit code, or -1 if a signal ended it.
inline int WaitExit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Everything a completed 2-iteration smoke run of `ranks` ranks must have left
// behind (state, checkpoints, metrics rows matching the shards, held-out rows,
// checked proofs); its training steps used learn.alpha = `alpha`.
void ExpectCompleteSmokeRun(const std::string& run, int ranks, double alpha = 0.5);

// The attempt's proof script passes the kernel's checker in `theory`.
void ExpectProofPassesChecker(const kernel::Theory& theory, const io::ProofAttempt& attempt);

// `command` exits with kExitBadInput, says `message` and leaves no `run` behind.
void ExpectRejected(const std::string& command, const std::string& message,
                    const std::string& run);

}  // namespace lf::app
