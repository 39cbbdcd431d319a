// fuzz-sources: src/http/json_writer.cc
//
// libFuzzer harness for JsonWriter: for any bytes, its string (and key) output is byte
// for byte what RapidJSON's own Writer produces, and the scan never reads past the end.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_checks.h"
#include "http/json_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // An exact-size heap copy, so ASan sees any read beyond the string.
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto n = static_cast<rapidjson::SizeType>(input.size());

  rapidjson::StringBuffer theirs_buffer;
  rapidjson::Writer<rapidjson::StringBuffer> theirs(theirs_buffer);
  theirs.StartArray();
  theirs.String(input.data(), n);
  theirs.EndArray();

  rapidjson::StringBuffer ours_buffer;
  keel::http::JsonWriter ours(ours_buffer);
  ours.StartArray();
  ours.String(input.data(), n);
  ours.EndArray();

  FUZZ_CHECK(std::string(ours_buffer.GetString(), ours_buffer.GetSize()) ==
             std::string(theirs_buffer.GetString(), theirs_buffer.GetSize()));
  return 0;
}
