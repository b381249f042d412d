#include "io/h5_table.h"

#include <algorithm>
#include <cstring>

#include "core/check.h"

namespace lf::io {
namespace {

// Memory type (native) and file type (fixed little-endian, so files are the same
// on every machine) of each column element type.
template <typename T>
struct H5Types;
template <>
struct H5Types<int8_t> {
  static hid_t Memory() { return H5T_NATIVE_INT8; }
  static hid_t File() { return H5T_STD_I8LE; }
};
template <>
struct H5Types<int32_t> {
  static hid_t Memory() { return H5T_NATIVE_INT32; }
  static hid_t File() { return H5T_STD_I32LE; }
};
template <>
struct H5Types<int64_t> {
  static hid_t Memory() { return H5T_NATIVE_INT64; }
  static hid_t File() { return H5T_STD_I64LE; }
};
template <>
struct H5Types<uint8_t> {
  static hid_t Memory() { return H5T_NATIVE_UINT8; }
  static hid_t File() { return H5T_STD_U8LE; }
};
template <>
struct H5Types<uint64_t> {
  static hid_t Memory() { return H5T_NATIVE_UINT64; }
  static hid_t File() { return H5T_STD_U64LE; }
};
template <>
struct H5Types<double> {
  static hid_t Memory() { return H5T_NATIVE_DOUBLE; }
  static hid_t File() { return H5T_IEEE_F64LE; }
};

// Chunk of the `chars` dataset of a string column, in bytes.
constexpr uint64_t kCharsChunk = 256 * 1024;

H5Id StringType(const Where& where) {
  H5Id type(H5Tcopy(H5T_C_S1), H5Tclose, where, "cannot create a string type");
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

void DeleteAttributeIfPresent(hid_t object, const std::string& name) {
  if (HasAttribute(object, name)) H5Adelete(object, name.c_str());
}

// The dimensions of a dataset of rank 1 or 2.
std::vector<hsize_t> Dimensions(hid_t dataset, const Where& where, const std::string& what) {
  H5Id space(H5Dget_space(dataset), H5Sclose, where, "cannot read the shape of " + what);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 1 || rank > 2) ThrowH5(where, what + ": expected a 1-D or 2-D dataset");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

}  // namespace

// ---- attributes --------------------------------------------------------------

bool HasAttribute(hid_t object, const std::string& name) {
  return H5Aexists(object, name.c_str()) > 0;
}

void WriteStringAttribute(hid_t object, const std::string& name, const std::string& value,
                          const Where& where) {
  DeleteAttributeIfPresent(object, name);
  const H5Id type = StringType(where);
  const H5Id space(H5Screate(H5S_SCALAR), H5Sclose, where, "cannot create a dataspace");
  const H5Id attribute(
      H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
      where, "cannot create attribute " + name);
  const char* text = value.c_str();
  if (H5Awrite(attribute.get(), type.get(), &text) < 0) {
    ThrowH5(where, "cannot write attribute " + name);
  }
}

void WriteIntAttribute(hid_t object, const std::string& name, int64_t value, const Where& where) {
  DeleteAttributeIfPresent(object, name);
  const H5Id space(H5Screate(H5S_SCALAR), H5Sclose, where, "cannot create a dataspace");
  const H5Id attribute(
      H5Acreate2(object, name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose, where, "cannot create attribute " + name);
  if (H5Awrite(attribute.get(), H5T_NATIVE_INT64, &value) < 0) {
    ThrowH5(where, "cannot write attribute " + name);
  }
}

std::string ReadStringAttribute(hid_t object, const std::string& name, const Where& where) {
  if (!HasAttribute(object, name)) ThrowH5(where, "missing attribute '" + name + "'");
  const H5Id attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, where,
                       "cannot open attribute " + name);
  const H5Id file_type(H5Aget_type(attribute.get()), H5Tclose, where,
                       "cannot read the type of attribute " + name);
  if (H5Tget_class(file_type.get()) != H5T_STRING) {
    ThrowH5(where, "attribute '" + name + "' is not a string");
  }
  if (H5Tis_variable_str(file_type.get()) > 0) {
    const H5Id type = StringType(where);
    char* text = nullptr;
    if (H5Aread(attribute.get(), type.get(), &text) < 0 || text == nullptr) {
      ThrowH5(where, "cannot read attribute " + name);
    }
    std::string value(text);
    H5free_memory(text);
    return value;
  }
  // Fixed-length strings (written by other tools, e.g. h5py's np.bytes_).
  const size_t size = H5Tget_size(file_type.get());
  std::string value(size, '\0');
  H5Id type(H5Tcopy(H5T_C_S1), H5Tclose, where, "cannot create a string type");
  H5Tset_size(type.get(), size);
  if (H5Aread(attribute.get(), type.get(), value.data()) < 0) {
    ThrowH5(where, "cannot read attribute " + name);
  }
  value.resize(std::strlen(value.c_str()));
  return value;
}

int64_t ReadIntAttribute(hid_t object, const std::string& name, const Where& where) {
  if (!HasAttribute(object, name)) ThrowH5(where, "missing attribute '" + name + "'");
  const H5Id attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, where,
                       "cannot open attribute " + name);
  const H5Id file_type(H5Aget_type(attribute.get()), H5Tclose, where,
                       "cannot read the type of attribute " + name);
  if (H5Tget_class(file_type.get()) != H5T_INTEGER) {
    ThrowH5(where, "attribute '" + name + "' is not an integer");
  }
  int64_t value = 0;
  if (H5Aread(attribute.get(), H5T_NATIVE_INT64, &value) < 0) {
    ThrowH5(where, "cannot read attribute " + name);
  }
  return value;
}

// ---- NumericColumn -------------------------------------------------------------

template <typename T>
NumericColumn<T>::NumericColumn(hid_t parent, const std::string& name, uint64_t width, bool create,
                                const TableOptions& options, const Where& where)
    : width_(width), where_(where), name_(name) {
  LF_CHECK_GE(width_, 1u);
  const int rank = width_ == 1 ? 1 : 2;
  if (create) {
    const hsize_t dims[2] = {0, width_};
    const hsize_t max_dims[2] = {H5S_UNLIMITED, width_};
    const H5Id space(H5Screate_simple(rank, dims, max_dims), H5Sclose, where_,
                     "cannot create the dataspace of " + name_);
    const H5Id properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, where_,
                          "cannot create dataset properties");
    // uint8 columns hold string bytes: bigger chunks, and no shuffle (one byte wide).
    const hsize_t chunk_rows = std::is_same_v<T, uint8_t> ? kCharsChunk : options.chunk_rows;
    const hsize_t chunk[2] = {std::max<hsize_t>(chunk_rows, 1), width_};
    H5Pset_chunk(properties.get(), rank, chunk);
    if (options.deflate_level > 0) {
      if (sizeof(T) > 1) H5Pset_shuffle(properties.get());
      H5Pset_deflate(properties.get(), static_cast<unsigned>(options.deflate_level));
    }
    dataset_ = H5Id(H5Dcreate2(parent, name_.c_str(), H5Types<T>::File(), space.get(), H5P_DEFAULT,
                               properties.get(), H5P_DEFAULT),
                    H5Dclose, where_, "cannot create dataset " + name_);
  } else {
    dataset_ = H5Id(H5Dopen2(parent, name_.c_str(), H5P_DEFAULT), H5Dclose, where_,
                    "cannot open dataset " + name_);
    const auto dims = Dimensions(dataset_.get(), where_, name_);
    if (static_cast<int>(dims.size()) != rank || (rank == 2 && dims[1] != width_)) {
      ThrowH5(where_, "dataset " + name_ + " has an unexpected shape");
    }
    rows_on_disk_ = dims[0];
  }
}

template <typename T>
void NumericColumn<T>::Flush() {
  LF_CHECK_EQ(buffer_.size() % width_, 0u);
  const hsize_t new_rows = buffer_.size() / width_;
  if (new_rows == 0) return;
  const hsize_t extent[2] = {rows_on_disk_ + new_rows, width_};
  if (H5Dset_extent(dataset_.get(), extent) < 0) ThrowH5(where_, "cannot extend " + name_);
  const H5Id file_space(H5Dget_space(dataset_.get()), H5Sclose, where_, "cannot select " + name_);
  const hsize_t start[2] = {rows_on_disk_, 0};
  const hsize_t count[2] = {new_rows, width_};
  const int rank = width_ == 1 ? 1 : 2;
  H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr);
  const H5Id memory_space(H5Screate_simple(rank, count, nullptr), H5Sclose, where_,
                          "cannot create a dataspace");
  if (H5Dwrite(dataset_.get(), H5Types<T>::Memory(), memory_space.get(), file_space.get(),
               H5P_DEFAULT, buffer_.data()) < 0) {
    ThrowH5(where_, "cannot write " + name_);
  }
  rows_on_disk_ += new_rows;
  buffer_.clear();
}

template <typename T>
void NumericColumn<T>::Close() {
  LF_CHECK(buffer_.empty());
  dataset_.Close(where_, "cannot close " + name_);
}

template <typename T>
void NumericColumn<T>::Truncate(uint64_t rows) {
  LF_CHECK(buffer_.empty());
  if (rows_on_disk_ < rows) ThrowH5(where_, "dataset " + name_ + " is shorter than the table");
  if (rows_on_disk_ == rows) return;
  const hsize_t extent[2] = {rows, width_};
  if (H5Dset_extent(dataset_.get(), extent) < 0) ThrowH5(where_, "cannot truncate " + name_);
  rows_on_disk_ = rows;
}

template class NumericColumn<int8_t>;
template class NumericColumn<int32_t>;
template class NumericColumn<int64_t>;
template class NumericColumn<uint8_t>;
template class NumericColumn<uint64_t>;
template class NumericColumn<double>;

// ---- StringColumn --------------------------------------------------------------

StringColumn::StringColumn(hid_t parent, const std::string& name, bool create,
                           const TableOptions& options, const Where& where)
    : where_(where) {
  group_ = create ? H5Id(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                         H5Gclose, where, "cannot create group " + name)
                  : H5Id(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, where,
                         "cannot open group " + name);
  chars_ =
      std::make_unique<NumericColumn<uint8_t>>(group_.get(), "chars", 1, create, options, where);
  ends_ =
      std::make_unique<NumericColumn<uint64_t>>(group_.get(), "ends", 1, create, options, where);
}

void StringColumn::Push(std::string_view value) {
  chars_->Push(std::span(reinterpret_cast<const uint8_t*>(value.data()), value.size()));
  total_chars_ += value.size();
  ends_->Push(total_chars_);
}

void StringColumn::Flush() {
  chars_->Flush();
  ends_->Flush();
}

void StringColumn::Close() {
  chars_->Close();
  ends_->Close();
  group_.Close(where_, "cannot close a string column");
}

void StringColumn::Truncate(uint64_t rows) {
  ends_->Truncate(rows);
  // The bytes end where the last kept row ends.
  const H5Id dataset(H5Dopen2(group_.get(), "ends", H5P_DEFAULT), H5Dclose, where_,
                     "cannot open ends");
  total_chars_ = 0;
  if (rows > 0) {
    const H5Id space(H5Dget_space(dataset.get()), H5Sclose, where_, "cannot select ends");
    const hsize_t start = rows - 1;
    const hsize_t count = 1;
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr);
    const H5Id one(H5Screate_simple(1, &count, nullptr), H5Sclose, where_, "dataspace");
    if (H5Dread(dataset.get(), H5T_NATIVE_UINT64, one.get(), space.get(), H5P_DEFAULT,
                &total_chars_) < 0) {
      ThrowH5(where_, "cannot read ends");
    }
  }
  chars_->Truncate(total_chars_);
}

// ---- TableWriter ---------------------------------------------------------------

TableWriter::TableWriter(hid_t parent, const std::string& name, bool append,
                         const TableOptions& options, const Where& where)
    : append_(append), options_(options), where_(where) {
  const bool exists = append && H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
  append_ = exists;
  group_ = exists ? H5Id(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, where_,
                         "cannot open group " + name)
                  : H5Id(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                         H5Gclose, where_, "cannot create group " + name);
  rows_ = exists ? static_cast<uint64_t>(ReadIntAttribute(group_.get(), "rows", where_)) : 0;
  if (!exists) WriteIntAttribute(group_.get(), "rows", 0, where_);
}

template <typename T>
NumericColumn<T>& TableWriter::Numeric(const std::string& name, uint64_t width) {
  auto& slot = columns_[name];
  if (!slot) {
    slot =
        std::make_unique<NumericColumn<T>>(group_.get(), name, width, !append_, options_, where_);
    if (append_) slot->Truncate(rows_);
  }
  return dynamic_cast<NumericColumn<T>&>(*slot);
}

template NumericColumn<int8_t>& TableWriter::Numeric(const std::string&, uint64_t);
template NumericColumn<int32_t>& TableWriter::Numeric(const std::string&, uint64_t);
template NumericColumn<int64_t>& TableWriter::Numeric(const std::string&, uint64_t);
template NumericColumn<uint64_t>& TableWriter::Numeric(const std::string&, uint64_t);
template NumericColumn<double>& TableWriter::Numeric(const std::string&, uint64_t);

StringColumn& TableWriter::String(const std::string& name) {
  auto& slot = columns_[name];
  if (!slot) {
    slot = std::make_unique<StringColumn>(group_.get(), name, !append_, options_, where_);
    if (append_) slot->Truncate(rows_);
  }
  return dynamic_cast<StringColumn&>(*slot);
}

void TableWriter::EndRow() {
  ++rows_;
  if (++rows_since_flush_ >= options_.chunk_rows) Flush();
}

void TableWriter::Flush() {
  for (auto& [name, column] : columns_) column->Flush();
  // Last: a crash before this line leaves the previous count, and the longer
  // columns are cut back on the next append.
  WriteIntAttribute(group_.get(), "rows", static_cast<int64_t>(rows_), where_);
  rows_since_flush_ = 0;
}

void TableWriter::Close() {
  Flush();
  for (auto& [name, column] : columns_) column->Close();
  group_.Close(where_, "cannot close table");
}

// ---- TableReader ---------------------------------------------------------------

TableReader::TableReader(hid_t parent, const std::string& name, const Where& where)
    : name_(name), where_(where) {
  if (H5Lexists(parent, name.c_str(), H5P_DEFAULT) <= 0) {
    ThrowH5(where_, "missing table /" + name);
  }
  group_ = H5Id(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, where_,
                "cannot open table /" + name);
  const int64_t rows = ReadIntAttribute(group_.get(), "rows", where_);
  if (rows < 0) ThrowH5(where_, "/" + name + ": negative row count");
  rows_ = static_cast<uint64_t>(rows);
}

template <typename T>
std::vector<T> TableReader::Numeric(const std::string& name, uint64_t width) const {
  const std::string what = "/" + name_ + "/" + name;
  if (H5Lexists(group_.get(), name.c_str(), H5P_DEFAULT) <= 0) {
    ThrowH5(where_, "missing column " + what);
  }
  const H5Id dataset(H5Dopen2(group_.get(), name.c_str(), H5P_DEFAULT), H5Dclose, where_,
                     "cannot open " + what);
  const auto dims = Dimensions(dataset.get(), where_, what);
  const uint64_t file_width = dims.size() == 2 ? dims[1] : 1;
  if (dims[0] != rows_ || file_width != width) {
    ThrowH5(where_, what + " has shape (" + std::to_string(dims[0]) + ", " +
                        std::to_string(file_width) + "), expected (" + std::to_string(rows_) +
                        ", " + std::to_string(width) + ")");
  }
  std::vector<T> values(rows_ * width);
  if (!values.empty() && H5Dread(dataset.get(), H5Types<T>::Memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                 values.data()) < 0) {
    ThrowH5(where_, "cannot read " + what + " (corrupt or truncated file?)");
  }
  return values;
}

template std::vector<int8_t> TableReader::Numeric(const std::string&, uint64_t) const;
template std::vector<int32_t> TableReader::Numeric(const std::string&, uint64_t) const;
template std::vector<int64_t> TableReader::Numeric(const std::string&, uint64_t) const;
template std::vector<uint64_t> TableReader::Numeric(const std::string&, uint64_t) const;
template std::vector<double> TableReader::Numeric(const std::string&, uint64_t) const;

std::vector<std::string> TableReader::Strings(const std::string& name) const {
  const std::string what = "/" + name_ + "/" + name;
  if (H5Lexists(group_.get(), name.c_str(), H5P_DEFAULT) <= 0) {
    ThrowH5(where_, "missing column " + what);
  }
  // Read the two datasets through a reader rooted at the column's group; its row
  // count is checked against ours below.
  const H5Id group(H5Gopen2(group_.get(), name.c_str(), H5P_DEFAULT), H5Gclose, where_,
                   "cannot open " + what);
  auto read = [&](const char* part, auto tag) {
    using T = decltype(tag);
    const std::string part_what = what + "/" + part;
    const H5Id dataset(H5Dopen2(group.get(), part, H5P_DEFAULT), H5Dclose, where_,
                       "cannot open " + part_what);
    const auto dims = Dimensions(dataset.get(), where_, part_what);
    std::vector<T> values(dims[0]);
    if (!values.empty() && H5Dread(dataset.get(), H5Types<T>::Memory(), H5S_ALL, H5S_ALL,
                                   H5P_DEFAULT, values.data()) < 0) {
      ThrowH5(where_, "cannot read " + part_what + " (corrupt or truncated file?)");
    }
    return values;
  };
  const std::vector<uint64_t> ends = read("ends", uint64_t{});
  const std::vector<uint8_t> chars = read("chars", uint8_t{});
  if (ends.size() != rows_) {
    ThrowH5(where_, what + "/ends has " + std::to_string(ends.size()) + " rows, expected " +
                        std::to_string(rows_));
  }
  std::vector<std::string> values;
  values.reserve(rows_);
  uint64_t begin = 0;
  for (const uint64_t end : ends) {
    if (end < begin || end > chars.size()) ThrowH5(where_, what + "/ends: offsets out of range");
    values.emplace_back(reinterpret_cast<const char*>(chars.data()) + begin, end - begin);
    begin = end;
  }
  return values;
}

}  // namespace lf::io
