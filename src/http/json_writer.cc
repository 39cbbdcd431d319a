// The escape scan behind JsonWriter's shortcut.
#include "http/json_writer.h"

#include <array>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace keel::http {
namespace {

constexpr std::array<bool, 256> MakeEscapeTable() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}
// Whether JSON must escape a byte: '"', '\\' and the control characters.
constexpr std::array<bool, 256> kNeedsEscape = MakeEscapeTable();

}  // namespace

size_t PlainJsonPrefix(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
#if defined(__SSE2__)
  if (n >= 16) {
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i below_space = _mm_set1_epi8(0x1f);
    // The escapable bytes of the 16 at p + at, as a bit mask.
    auto hits_at = [&](size_t at) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      // A byte is a control character when max(byte, 0x1f) == 0x1f (unsigned).
      const __m128i hits =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                       _mm_cmpeq_epi8(_mm_max_epu8(v, below_space), below_space));
      return static_cast<unsigned>(_mm_movemask_epi8(hits));
    };
    for (; i + 16 <= n; i += 16) {
      if (const unsigned mask = hits_at(i)) return i + static_cast<size_t>(__builtin_ctz(mask));
    }
    // The last bytes in one more load that overlaps the ones already seen.
    if (i < n) {
      if (const unsigned mask = hits_at(n - 16)) {
        return n - 16 + static_cast<size_t>(__builtin_ctz(mask));
      }
    }
    return n;
  }
#endif
  for (; i < n; ++i) {
    if (kNeedsEscape[p[i]]) return i;
  }
  return n;
}

JsonKey::JsonKey(std::string_view member_name) : name(member_name) {
  if (member_name.size() + 4 > kBytes) return;  // written the long way
  bytes[0] = ',';
  bytes[1] = '"';
  std::memcpy(bytes + 2, member_name.data(), member_name.size());
  bytes[member_name.size() + 2] = '"';
  bytes[member_name.size() + 3] = ':';
  length = member_name.size() + 4;
}

void JsonWriter::AppendString(std::string_view s) {
  if (PlainJsonPrefix(s) == s.size()) {
    AppendPlainString(s);
    return;
  }
  // The rare string with something to escape: RapidJSON's own escaping, by a writer of
  // one value into the same buffer.
  rapidjson::Writer<rapidjson::StringBuffer> escaper(*os_);
  escaper.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void JsonWriter::AppendDouble(double d) {
  if (!std::isfinite(d)) {
    AppendJson("null");
    return;
  }
  rapidjson::Writer<rapidjson::StringBuffer> number(*os_);
  number.Double(d);
}

}  // namespace keel::http
