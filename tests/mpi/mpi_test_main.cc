// main() for MPI GoogleTest binaries: one mpi::Environment around RUN_ALL_TESTS.
// Every rank runs every test (tests are collective); each rank's exit code is its
// own result, and mpirun exits non-zero if any rank failed.

#include <gtest/gtest.h>

#include <cstdio>

#include "mpi/environment.h"
#include "mpi/mpi_test_env.h"

namespace lf::mpi::testing {
namespace {
const Environment* g_environment = nullptr;
}  // namespace

const Environment& TestEnvironment() { return *g_environment; }

}  // namespace lf::mpi::testing

int main(int argc, char** argv) {
  lf::mpi::Environment env(&argc, &argv);
  lf::mpi::testing::g_environment = &env;
  ::testing::InitGoogleTest(&argc, argv);
  // Only world rank 0 prints progress; failures on any rank still print through
  // the failure messages below (gtest writes them to stdout on the failing rank).
  if (env.world().rank() != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  const int result = RUN_ALL_TESTS();
  if (result != 0) std::fprintf(stderr, "rank %d: tests failed\n", env.world().rank());
  return result;
}
