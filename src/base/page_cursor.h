// PageCursor: what a list page says beyond page/limit/total (CONTRACT §3 "Lists"): the
// opaque cursor of its last row (`pagination.next`, for `after=`) and whether the total
// was skipped (`count=none`). db::RunList fills it in; http::Response writes it into the
// envelope. It lives down here because both layers use it and neither owns the other.
#pragma once

#include <string>

namespace keel {

struct PageCursor {
  std::string next;            // empty: no next page known
  bool total_skipped = false;  // count=none: "total" and "pages" are left out
};

}  // namespace keel
