#include "io/h5_handle.h"

#include <mutex>
#include <utility>

#include "core/error.h"

namespace lf::io {
namespace {

// Collects the innermost (most specific) message of the current HDF5 error stack.
herr_t TakeInnermost(unsigned n, const H5E_error2_t* error, void* data) {
  if (n == 0 && error->desc != nullptr) *static_cast<std::string*>(data) = error->desc;
  return 0;
}

std::string Hdf5Detail() {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, TakeInnermost, &detail);
  H5Eclear2(H5E_DEFAULT);
  return detail;
}

}  // namespace

void InitHdf5() {
  static std::once_flag once;
  std::call_once(once, [] {
    // No library shutdown at exit: after a failed write (a full disk) HDF5
    // 1.10 keeps the objects whose close failed, and its atexit handler
    // crashed walking them (SIGSEGV in H5F__close_cb after "File too large").
    // Every file lemmaforge opens is closed explicitly (H5Id) before exit, so
    // the shutdown has nothing to flush. Must precede every other HDF5 call.
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  });
}

void ThrowH5(const Where& where, const std::string& what) {
  const std::string detail = Hdf5Detail();
  const std::string message = detail.empty() ? what : what + " (HDF5: " + detail + ")";
  if (where.writing) throw WriteError(where.file + ": error: " + message);
  throw InputError(SourceLocation{where.file}, message);
}

H5Id::H5Id(hid_t id, Closer close, const Where& where, const std::string& what)
    : id_(id), close_(close) {
  if (id_ < 0) ThrowH5(where, what);
}

H5Id::H5Id(H5Id&& other) noexcept
    : id_(std::exchange(other.id_, H5I_INVALID_HID)), close_(other.close_) {}

H5Id& H5Id::operator=(H5Id&& other) noexcept {
  if (this != &other) {
    if (valid()) close_(id_);
    id_ = std::exchange(other.id_, H5I_INVALID_HID);
    close_ = other.close_;
  }
  return *this;
}

H5Id::~H5Id() {
  if (valid()) close_(id_);
}

void H5Id::Close(const Where& where, const std::string& what) {
  if (!valid()) return;
  const herr_t status = close_(std::exchange(id_, H5I_INVALID_HID));
  if (status < 0) ThrowH5(where, what);
}

}  // namespace lf::io
