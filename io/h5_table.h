#pragma once
// Column tables in HDF5: the storage layer under the shard writer/reader and the
// metrics log (layout described in io/records.h).
//
// A table is a group with an int64 attribute `rows` and one entry per column:
//   numeric column  a chunked, deflate-compressed (with shuffle), extendable dataset
//                   of shape (rows) or (rows, width)
//   string column   a group with `chars` (uint8) and `ends` (uint64) datasets
//
// TableWriter buffers values in memory and appends them chunk by chunk. `rows` is
// written last by Flush(), so it marks how many rows are complete: when a table is
// reopened for appending (the metrics log after a restart), every column is cut
// back to `rows`, dropping a half-written tail left by a crash.
//
// TableReader checks everything it reads against `rows` (lengths, string offsets)
// and reports a mismatch as lf::InputError naming the file and the object.
//
// Not thread-safe (see io/h5_handle.h). Column references returned by a writer
// stay valid for the writer's lifetime.

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/h5_handle.h"

namespace lf::io {

// ---- attributes (on a file root, group or dataset) -------------------------

// Writes (or replaces) a scalar variable-length UTF-8 string attribute.
void WriteStringAttribute(hid_t object, const std::string& name, const std::string& value,
                          const Where& where);
// Writes (or replaces) a scalar int64 attribute.
void WriteIntAttribute(hid_t object, const std::string& name, int64_t value, const Where& where);
bool HasAttribute(hid_t object, const std::string& name);
// Reads a string (fixed or variable length) / integer attribute; throws if missing.
std::string ReadStringAttribute(hid_t object, const std::string& name, const Where& where);
int64_t ReadIntAttribute(hid_t object, const std::string& name, const Where& where);

// ---- writing ---------------------------------------------------------------

struct TableOptions {
  uint64_t chunk_rows = 4096;  // rows per HDF5 chunk and per buffered append
  int deflate_level = 4;       // 0 (off) .. 9
};

class Column {
 public:
  virtual ~Column() = default;
  // Appends the buffered values to the file.
  virtual void Flush() = 0;
  // Shrinks the dataset(s) to `rows` rows (reopening after a crash).
  virtual void Truncate(uint64_t rows) = 0;
  // Closes the dataset(s), reporting a failed write (closing a dataset writes
  // its cached chunks). Flush() first; the column is unusable afterwards.
  virtual void Close() = 0;
};

// One numeric column; T is int8_t, int32_t, int64_t, uint8_t, uint64_t or double.
template <typename T>
class NumericColumn : public Column {
 public:
  NumericColumn(hid_t parent, const std::string& name, uint64_t width, bool create,
                const TableOptions& options, const Where& where);
  // One row: `width` values (Push(x) for width 1).
  void Push(T value) { buffer_.push_back(value); }
  void Push(std::span<const T> row) { buffer_.insert(buffer_.end(), row.begin(), row.end()); }
  void Flush() override;
  void Truncate(uint64_t rows) override;
  void Close() override;

 private:
  H5Id dataset_;
  uint64_t width_;
  uint64_t rows_on_disk_ = 0;
  std::vector<T> buffer_;
  Where where_;
  std::string name_;
};

// One string column (chars + ends).
class StringColumn : public Column {
 public:
  StringColumn(hid_t parent, const std::string& name, bool create, const TableOptions& options,
               const Where& where);
  void Push(std::string_view value);
  void Flush() override;
  void Truncate(uint64_t rows) override;
  void Close() override;

 private:
  H5Id group_;
  Where where_;
  std::unique_ptr<NumericColumn<uint8_t>> chars_;
  std::unique_ptr<NumericColumn<uint64_t>> ends_;
  uint64_t total_chars_ = 0;
};

class TableWriter {
 public:
  // Creates group `name` under `parent`, or with `append` opens the existing one
  // (creating it if absent) and continues after its last complete row.
  TableWriter(hid_t parent, const std::string& name, bool append, const TableOptions& options,
              const Where& where);

  // Declares (on first call) and returns a column. Declare every column before the
  // first row; push exactly one row to each column per EndRow().
  template <typename T>
  NumericColumn<T>& Numeric(const std::string& name, uint64_t width = 1);
  StringColumn& String(const std::string& name);

  // Closes a row; flushes every column each chunk_rows rows.
  void EndRow();
  // Writes everything buffered, then the `rows` attribute.
  void Flush();
  // Flush(), then closes every column and the group, reporting any failed
  // write. HDF5 writes an object's last data when it is closed, and a file
  // closed while objects are open stays open until they are: a file must be
  // closed only after its tables, or a write that fails then goes unreported.
  void Close();
  uint64_t rows() const { return rows_; }

 private:
  H5Id group_;
  bool append_;
  TableOptions options_;
  Where where_;
  uint64_t rows_ = 0;
  uint64_t rows_since_flush_ = 0;
  std::map<std::string, std::unique_ptr<Column>> columns_;
};

// ---- reading ---------------------------------------------------------------

class TableReader {
 public:
  // Opens group `name` under `parent`; throws InputError if it is missing.
  TableReader(hid_t parent, const std::string& name, const Where& where);

  uint64_t rows() const { return rows_; }
  // The table's name (without the leading '/') and file, for error messages.
  const std::string& name() const { return name_; }
  const Where& where() const { return where_; }
  // Reads a whole numeric column (rows * width values, row-major).
  template <typename T>
  std::vector<T> Numeric(const std::string& name, uint64_t width = 1) const;
  std::vector<std::string> Strings(const std::string& name) const;

 private:
  H5Id group_;
  std::string name_;
  Where where_;
  uint64_t rows_ = 0;
};

}  // namespace lf::io
