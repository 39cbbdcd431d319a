// Params: the values of one statement's $1..$n, as text (libpq's text format).
// Strings are copied into storage owned by Params, so callers may pass temporaries.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keel::db {

class Params {
 public:
  Params() = default;
  Params(const Params&) = delete;
  Params& operator=(const Params&) = delete;
  // Moving keeps every c_str() valid: a deque hands its blocks over, elements stay put.
  Params(Params&&) = default;
  Params& operator=(Params&&) = default;

  Params& Add(std::string_view text) {
    storage_.emplace_back(text);
    values_.push_back(storage_.back().c_str());
    return *this;
  }
  Params& Add(const char* text) { return Add(std::string_view(text)); }
  Params& Add(const std::string& text) { return Add(std::string_view(text)); }
  Params& Add(int64_t value) { return Add(std::string_view(std::to_string(value))); }
  Params& Add(int value) { return Add(int64_t{value}); }
  Params& Add(bool value) { return Add(std::string_view(value ? "true" : "false")); }
  Params& Add(double value);
  Params& AddNull() {
    values_.push_back(nullptr);
    return *this;
  }
  template <typename T>
  Params& Add(const std::optional<T>& value) {
    return value ? Add(*value) : AddNull();
  }

  int size() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }

 private:
  std::deque<std::string> storage_;  // deque: push_back keeps earlier c_str() valid
  std::vector<const char*> values_;
};

}  // namespace keel::db
