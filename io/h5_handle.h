#pragma once
// RAII ownership of HDF5 identifiers (hid_t) and the error convention of io/.
//
// H5Id owns one identifier and closes it with the matching H5?close function in
// its destructor. Move only, not copyable. A default H5Id is invalid (id < 0).
//
// Errors. HDF5 reports failure through negative return values and an error stack
// that it prints to stderr by default. io/ turns the printing off (once, on first
// use) and folds the innermost message of the stack into an exception instead:
//   - reading (shard and metrics readers, inspect, export): lf::InputError
//     "FILE: error: WHAT (HDF5: DETAIL)" -- a corrupt, truncated or foreign file is
//     bad input, reported cleanly, never a crash;
//   - writing: lf::WriteError (core/error.h) with the same text -- the input was fine but the disk
//     or the library failed (full disk, permissions).
// Where names the file and which of the two applies.
//
// Thread safety: Debian's libhdf5 is built without thread safety; use io/ from one
// thread at a time per process.

#include <hdf5.h>

#include <stdexcept>
#include <string>

namespace lf::io {

// The file being worked on and the direction, for error messages.
struct Where {
  std::string file;
  bool writing = false;
};

// Throws InputError (reading) or WriteError (writing) with the HDF5 detail appended.
[[noreturn]] void ThrowH5(const Where& where, const std::string& what);

// Turns off HDF5's automatic error printing and its shutdown at exit (see
// h5_handle.cc). Idempotent; every io/ entry point calls it first.
void InitHdf5();

class H5Id {
 public:
  using Closer = herr_t (*)(hid_t);

  H5Id() = default;
  // Takes ownership of `id`; throws through ThrowH5(where, what) if id < 0.
  H5Id(hid_t id, Closer close, const Where& where, const std::string& what);
  H5Id(H5Id&& other) noexcept;
  H5Id& operator=(H5Id&& other) noexcept;
  H5Id(const H5Id&) = delete;
  H5Id& operator=(const H5Id&) = delete;
  ~H5Id();

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes now and reports failure (the destructor cannot); for files, whose close
  // flushes the last data.
  void Close(const Where& where, const std::string& what);

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

}  // namespace lf::io
