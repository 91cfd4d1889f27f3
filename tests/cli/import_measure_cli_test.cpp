// `pvf import` as users run it.
#include "cli_support.h"

namespace pvf_cli_test {
namespace {}  // namespace
}  // namespace pvf_cli_test
