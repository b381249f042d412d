#pragma once
// Move-only RAII wrapper around an MPI communicator (style.md rule 8).
//
// A Communicator either owns its MPI_Comm (made by mpi/roles.cc through
// MPI_Comm_split, freed with MPI_Comm_free in the destructor) or merely views a
// predefined one (the world communicator handed out by mpi::Environment, which
// must never be freed). A default-constructed Communicator is null: the rank is
// not a member of that group (MPI_Comm_split returned MPI_COMM_NULL); calling
// rank()/size() on it is a bug and fails an LF_CHECK.
//
// Ownership: move only, not copyable. Pass `const Communicator&` to code that
// communicates; nothing outside mpi/ ever sees a raw MPI_Comm except through get().
// Thread safety: as MPI's own (the environment asks for MPI_THREAD_FUNNELED, so
// only the thread that initialised MPI may communicate).

#include <mpi.h>

namespace lf::mpi {

class Communicator {
 public:
  // A null communicator (this rank is not in the group).
  Communicator() = default;

  // Takes ownership of `comm` (freed in the destructor). MPI_COMM_NULL gives a null one.
  static Communicator Adopt(MPI_Comm comm);
  // Views a predefined communicator without owning it (the world or self communicator).
  static Communicator View(MPI_Comm comm);

  Communicator(Communicator&& other) noexcept;
  Communicator& operator=(Communicator&& other) noexcept;
  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;
  ~Communicator();

  // True when this rank is a member (the handle is not MPI_COMM_NULL).
  bool valid() const { return comm_ != MPI_COMM_NULL; }
  explicit operator bool() const { return valid(); }

  // This rank's index in the group and the group size (cached at construction).
  int rank() const;
  int size() const;
  bool is_root() const { return rank() == 0; }

  // The raw handle, for MPI calls inside mpi/.
  MPI_Comm get() const { return comm_; }

  // Collective: returns once every member has called it.
  void Barrier() const;
  // The same, but waits by polling a nonblocking barrier with short sleeps, so
  // a rank that waits long (a generator while the learners train) leaves its
  // core to the others instead of spinning in MPI's progress loop.
  void QuietBarrier() const;

 private:
  Communicator(MPI_Comm comm, bool owned);
  void Reset();

  MPI_Comm comm_ = MPI_COMM_NULL;
  bool owned_ = false;
  int rank_ = -1;
  int size_ = 0;
};

}  // namespace lf::mpi
