#include "core/result.h"

namespace pvf {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input: return "invalid_input";
    case ErrorCode::unauthenticated: return "unauthenticated";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::io_error: return "io_error";
    case ErrorCode::internal: return "internal";
    case ErrorCode::cancelled: return "cancelled";
  }
  return "internal";
}

Error Error::invalid(std::string message, std::string where) {
  return Error{ErrorCode::invalid_input, std::move(message), std::move(where), {}};
}
Error Error::invalid_all(std::vector<ErrorDetail> problems, std::string summary) {
  Error e = invalid(problems.size() == 1 ? problems.front().message : std::move(summary),
                    problems.empty() ? std::string() : problems.front().where);
  e.details = std::move(problems);
  return e;
}
Error Error::not_found(std::string message) {
  return Error{ErrorCode::not_found, std::move(message), {}, {}};
}
Error Error::conflict(std::string message) {
  return Error{ErrorCode::conflict, std::move(message), {}, {}};
}
Error Error::forbidden(std::string message) {
  return Error{ErrorCode::forbidden, std::move(message), {}, {}};
}
Error Error::unauthenticated(std::string message) {
  return Error{ErrorCode::unauthenticated, std::move(message), {}, {}};
}
Error Error::io(std::string message, std::string where) {
  return Error{ErrorCode::io_error, std::move(message), std::move(where), {}};
}
Error Error::internal(std::string message) {
  return Error{ErrorCode::internal, std::move(message), {}, {}};
}

Error Error::cancelled(std::string message) {
  return Error{ErrorCode::cancelled, std::move(message), {}, {}};
}

std::string Error::to_text() const {
  std::string out;
  // One problem reads best on one line, however it was built.
  const bool single = details.size() == 1 && details[0].message == message;
  if (details.empty() || single) {
    const std::string& at = single && !details[0].where.empty() ? details[0].where : where;
    if (!at.empty()) {
      out += at;
      out += ": ";
    }
    out += message;
    return out;
  }
  out = message;
  for (const auto& d : details) {
    out += "\n  ";
    if (!d.where.empty()) out += d.where + ": ";
    out += d.message;
  }
  return out;
}

}  // namespace pvf
