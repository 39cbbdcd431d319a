// Binding a Change<T> (base/change.h) to the two parameters of
// `col = CASE WHEN $n::boolean THEN $n+1::type ELSE col END`: whether to set, and the
// value — NULL when not set, so an unset uuid or timestamp never reaches a cast as "".
#pragma once

#include "base/change.h"
#include "db/params.h"

namespace keel::db {

template <typename T>
Params& AddChange(Params& params, const Change<T>& change) {
  params.Add(change.set);
  if (change.set) return params.Add(change.value);
  return params.AddNull();
}

}  // namespace keel::db
