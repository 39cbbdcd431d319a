// ParseQueryString: the form parser with query wording (see query_string.h).
#include "http/query_string.h"

namespace keel::http {

StatusOr<Fields> ParseQueryString(std::string_view query, const FormLimits& limits) {
  return detail::ParseUrlencodedPairs(query, limits, "query parameter");
}

}  // namespace keel::http
