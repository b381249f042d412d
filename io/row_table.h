#pragma once
// Records as rows of HDF5 tables, column by column as their Schema lists them
// (io/records.h): the one implementation of "a member's column" under the
// shard writer and reader and the metrics log.
//
//   RowWriter<SearchGraph, GraphSpan> w(table);   // declares the columns of both
//   w.Push(graph, span);                          // one row; then table.EndRow()
//   std::vector<SearchNode> rows = ReadRows<SearchNode>(reader);
//
// Member types map to columns as records.h says (strings, int8 for bool and
// enums, rows x N for std::array). ReadRows checks bool and enum columns against
// their range and reports "/TABLE/COLUMN: value V out of range" as InputError.
//
// Not thread-safe, like the tables below it.

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "io/h5_table.h"
#include "io/records.h"

namespace lf::io {

// How a member of type M is stored: Element values, Width per row.
template <typename M>
struct Stored {
  using Element = M;
  static constexpr uint64_t kWidth = 1;
};
template <>
struct Stored<bool> {
  using Element = int8_t;
  static constexpr uint64_t kWidth = 1;
};
template <typename M>
requires std::is_enum_v<M>
struct Stored<M> {
  using Element = std::underlying_type_t<M>;
  static constexpr uint64_t kWidth = 1;
};
template <typename T, size_t N>
struct Stored<std::array<T, N>> {
  using Element = T;
  static constexpr uint64_t kWidth = N;
};

// Declares the columns of Rows... (in that order) on a table and pushes rows.
template <typename... Rows>
class RowWriter {
 public:
  // Declares every column now, so that an empty table still has them all.
  explicit RowWriter(TableWriter& table) {
    (ForEachColumn<Rows>([&](const auto& column) { Declare<Rows>(table, column); }), ...);
  }
  // Pushes one value to every column; the caller ends the row (TableWriter::EndRow).
  void Push(const Rows&... rows) const { (PushOne(std::get<Pushers<Rows>>(pushers_), rows), ...); }

 private:
  template <typename Row>
  using Pushers = std::vector<std::function<void(const Row&)>>;

  template <typename Row, typename M>
  void Declare(TableWriter& table, const ColumnDef<Row, M>& column) {
    auto& pushers = std::get<Pushers<Row>>(pushers_);
    const auto member = column.member;
    if constexpr (std::is_same_v<M, std::string>) {
      StringColumn* out = &table.String(column.name);
      pushers.push_back([out, member](const Row& r) { out->Push(r.*member); });
    } else {
      using S = Stored<M>;
      auto* out = &table.Numeric<typename S::Element>(column.name, S::kWidth);
      pushers.push_back([out, member](const Row& r) {
        if constexpr (S::kWidth == 1) {
          out->Push(static_cast<typename S::Element>(r.*member));
        } else {
          out->Push(std::span<const typename S::Element>(r.*member));
        }
      });
    }
  }

  template <typename Row>
  static void PushOne(const Pushers<Row>& pushers, const Row& row) {
    for (const auto& push : pushers) push(row);
  }

  std::tuple<Pushers<Rows>...> pushers_;
};

// Every row of the table, read column by column into Row's members.
template <typename Row>
std::vector<Row> ReadRows(const TableReader& table) {
  std::vector<Row> rows(table.rows());
  ForEachColumn<Row>([&](const auto& column) {
    using M = std::remove_cvref_t<decltype(std::declval<Row&>().*column.member)>;
    const auto member = column.member;
    if constexpr (std::is_same_v<M, std::string>) {
      std::vector<std::string> values = table.Strings(column.name);
      for (size_t i = 0; i < rows.size(); ++i) rows[i].*member = std::move(values[i]);
    } else {
      using S = Stored<M>;
      const auto values = table.template Numeric<typename S::Element>(column.name, S::kWidth);
      if constexpr (std::is_same_v<M, bool> || std::is_enum_v<M>) {
        int last = 1;
        if constexpr (std::is_enum_v<M>) {
          static_assert(kLastEnumValue<M> != M{}, "an enum column needs its kLastEnumValue");
          last = static_cast<int>(kLastEnumValue<M>);
        }
        for (const auto v : values) {
          if (v < 0 || v > last) {
            ThrowH5(table.where(), "/" + table.name() + "/" + column.name + ": value " +
                                       std::to_string(v) + " out of range");
          }
        }
      }
      for (size_t i = 0; i < rows.size(); ++i) {
        if constexpr (S::kWidth == 1) {
          rows[i].*member = static_cast<M>(values[i]);
        } else {
          std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(S::kWidth * i), S::kWidth,
                      (rows[i].*member).begin());
        }
      }
    }
  });
  return rows;
}

}  // namespace lf::io
