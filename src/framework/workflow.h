// The assessment workflow: draft -> submitted -> agreed, or submitted -> returned -> submitted.
// Who may make each move is part of the rule. Pure; no I/O.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/role.h"

namespace pvf::framework {

enum class AssessmentStatus { draft, submitted, returned, agreed };

std::string_view to_string(AssessmentStatus s);
std::optional<AssessmentStatus> parse_status(std::string_view s);

// Ratings may change only while the body holds the pen; the dialogue (comments, new actions)
// goes on until the assessment is agreed.
bool is_editable(AssessmentStatus s);  // draft or returned

struct Transition {
  AssessmentStatus from;
  AssessmentStatus to;
  std::vector<Role> allowed;  // admin is always allowed in addition
};

// Every legal move, for validation and for the API/UI to list what a user may do next.
const std::vector<Transition>& transitions();

// ok, or conflict ("cannot move an agreed assessment to draft") when the move does not exist,
// or forbidden ("only a treasury_analyst may agree ...") when the role may not make it.
Status check_transition(AssessmentStatus from, AssessmentStatus to, Role role);

// The moves `role` may make from `from`.
std::vector<AssessmentStatus> next_statuses(AssessmentStatus from, Role role);

}  // namespace pvf::framework
