#include "mpi/fatal.h"

#include <cstdio>
#include <exception>
#include <string>

#include "mpi/environment.h"

namespace lf::mpi {
namespace {

std::string Where(const CallSite& where) {
  return std::string(where.file) + ":" + std::to_string(where.line);
}

std::string& RankDescription() {
  static std::string description;
  return description;
}

// "rank 3" or "rank 3 (partition 1, alpha=0.1)".
std::string Rank() {
  std::string rank = "rank " + std::to_string(Environment::WorldRank());
  if (!RankDescription().empty()) rank += " (" + RankDescription() + ")";
  return rank;
}

}  // namespace

void FatalAll(std::string_view message, int exit_code, CallSite where) {
  if (Environment::WorldRank() == 0) {
    std::fprintf(stderr, "error: %.*s (%s)\n", static_cast<int>(message.size()), message.data(),
                 Where(where).c_str());
  }
  Environment::FinalizeAndExit(exit_code);
}

void BadInputAll(const InputError& error) {
  if (Environment::WorldRank() == 0) std::fprintf(stderr, "%s\n", error.what());
  Environment::FinalizeAndExit(kExitBadInput);
}

void FatalAll(const Communicator& group, std::string_view message, int exit_code, CallSite where) {
  if (group.valid() && group.size() == Environment::WorldSize()) {
    FatalAll(message, exit_code, where);
  }
  if (!group.valid() || group.rank() == 0) {
    std::fprintf(stderr, "error: %.*s (%s)\n", static_cast<int>(message.size()), message.data(),
                 Where(where).c_str());
  }
  // Let rank 0's message reach stderr before the abort tears the job down.
  if (group.valid()) group.Barrier();
  Environment::AbortJob(exit_code);
}

void FatalOne(std::string_view message, int exit_code, CallSite where) {
  std::fprintf(stderr, "error on %s: %.*s (%s)\n", Rank().c_str(),
               static_cast<int>(message.size()), message.data(), Where(where).c_str());
  Environment::AbortJob(exit_code);
}

void DescribeRank(std::string description) { RankDescription() = std::move(description); }

int RunGuarded(const std::function<int()>& body) {
  if (Environment::WorldSize() == 1) return body();
  try {
    return body();
  } catch (const InputError& e) {
    // what() is already "FILE: error: MESSAGE"; keep it intact for editors.
    std::fprintf(stderr, "%s: %s\n", Rank().c_str(), e.what());
    Environment::AbortJob(kExitBadInput);
  } catch (const WriteError& e) {
    std::fprintf(stderr, "%s: %s\n", Rank().c_str(), e.what());
    Environment::AbortJob(kExitWriteFailed);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error on %s: %s\n", Rank().c_str(), e.what());
    Environment::AbortJob(kExitFailure);
  }
}

}  // namespace lf::mpi
