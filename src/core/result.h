// Errors as values: every public function of a pvf module returns Result<T> and never throws.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace pvf {

// What kind of failure; the server maps each to one HTTP status, the CLI to an exit code.
enum class ErrorCode {
  invalid_input,       // 400/422: the input is malformed or breaks a rule (names where)
  unauthenticated,     // 401: no valid session
  forbidden,           // 403: the role may not do this
  not_found,           // 404
  conflict,            // 409: clashes with stored state (duplicate key, illegal transition, read-only)
  io_error,            // a file or the database could not be read or written
  internal,            // a bug or an unexpected library failure
  cancelled,           // the caller asked long work to stop (a job cancelled by its user)
};

const char* to_string(ErrorCode code);

// One problem with the input; `where` names the place: "file.csv:12:name", "$.pillars[0].key".
struct ErrorDetail {
  std::string where;
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;               // one sentence a user can act on
  std::string where;                 // file/row/field or JSON path of the first problem, if any
  std::vector<ErrorDetail> details;  // every problem found, when there are several

  static Error invalid(std::string message, std::string where = {});
  // Every problem found, as one error: a single problem reads as itself, several as `summary`
  // ("the request has 3 problems"); `where` is the first problem's. `problems` is not empty.
  static Error invalid_all(std::vector<ErrorDetail> problems, std::string summary);
  static Error not_found(std::string message);
  static Error conflict(std::string message);
  static Error forbidden(std::string message);
  static Error unauthenticated(std::string message);
  static Error io(std::string message, std::string where = {});
  static Error internal(std::string message);
  static Error cancelled(std::string message);

  // "where: message" lines, for a terminal.
  std::string to_text() const;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace pvf
