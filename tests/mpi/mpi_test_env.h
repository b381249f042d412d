#pragma once
// The mpi::Environment that mpi_test_main.cc creates around all MPI tests.

#include "mpi/environment.h"

namespace lf::mpi::testing {

const Environment& TestEnvironment();

}  // namespace lf::mpi::testing
