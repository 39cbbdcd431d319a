// Change<T>: one field of a partial update — whether to change it, and to what.
//
// Domain "changes" structs (tasks::TaskChanges, ...) hold one Change per writable field.
// A PATCH sets only the fields the client sent; a create or a PUT sets every field
// (an absent optional field becomes null or its default), so one UPDATE statement of the
// form `col = CASE WHEN <set> THEN <value> ELSE col END` serves both.
#pragma once

#include <utility>

namespace keel {

template <typename T>
struct Change {
  bool set = false;
  T value{};

  void Set(T v) {
    set = true;
    value = std::move(v);
  }
};

}  // namespace keel
