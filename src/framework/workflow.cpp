#include "framework/workflow.h"

#include <algorithm>
#include <string>

namespace pvf::framework {

namespace {

constexpr AssessmentStatus kAllStatuses[] = {AssessmentStatus::draft, AssessmentStatus::submitted,
                                             AssessmentStatus::returned, AssessmentStatus::agreed};

const Transition* find_transition(AssessmentStatus from, AssessmentStatus to) {
  for (const auto& t : transitions())
    if (t.from == from && t.to == to) return &t;
  return nullptr;
}

bool may(const Transition& t, Role role) {
  return role == Role::admin ||
         std::find(t.allowed.begin(), t.allowed.end(), role) != t.allowed.end();
}

// What the move is called, for messages: "agree a submitted assessment".
std::string action(const Transition& t) {
  using S = AssessmentStatus;
  if (t.from == S::draft && t.to == S::submitted) return "submit a draft assessment";
  if (t.from == S::submitted && t.to == S::agreed) return "agree a submitted assessment";
  if (t.from == S::submitted && t.to == S::returned) return "return a submitted assessment";
  if (t.from == S::returned && t.to == S::submitted) return "resubmit a returned assessment";
  return "move an assessment from " + std::string(to_string(t.from)) + " to " +
         std::string(to_string(t.to));
}

}  // namespace

std::string_view to_string(AssessmentStatus s) {
  switch (s) {
    case AssessmentStatus::draft: return "draft";
    case AssessmentStatus::submitted: return "submitted";
    case AssessmentStatus::returned: return "returned";
    case AssessmentStatus::agreed: return "agreed";
  }
  return "draft";
}

std::optional<AssessmentStatus> parse_status(std::string_view s) {
  for (AssessmentStatus st : kAllStatuses)
    if (to_string(st) == s) return st;
  return std::nullopt;
}

bool is_editable(AssessmentStatus s) {
  return s == AssessmentStatus::draft || s == AssessmentStatus::returned;
}

const std::vector<Transition>& transitions() {
  static const std::vector<Transition> kTransitions{
      {AssessmentStatus::draft, AssessmentStatus::submitted, {Role::body_lead}},
      {AssessmentStatus::submitted, AssessmentStatus::agreed, {Role::treasury_analyst}},
      {AssessmentStatus::submitted, AssessmentStatus::returned, {Role::treasury_analyst}},
      {AssessmentStatus::returned, AssessmentStatus::submitted, {Role::body_lead}},
  };
  return kTransitions;
}

Status check_transition(AssessmentStatus from, AssessmentStatus to, Role role) {
  const Transition* t = find_transition(from, to);
  if (!t) {
    return fail(Error::conflict("cannot move an assessment from " + std::string(to_string(from)) +
                                " to " + std::string(to_string(to))));
  }
  if (!may(*t, role)) {
    std::string who;
    for (size_t i = 0; i < t->allowed.size(); ++i) {
      if (i > 0) who += i + 1 == t->allowed.size() ? " or " : ", ";
      who += std::string(to_string(t->allowed[i]));
    }
    who = who.empty() ? "an admin" : "a " + who;
    return fail(Error::forbidden("only " + who + " can " + action(*t) + " (your role is " +
                                 std::string(to_string(role)) + ")"));
  }
  return {};
}

std::vector<AssessmentStatus> next_statuses(AssessmentStatus from, Role role) {
  std::vector<AssessmentStatus> out;
  for (const auto& t : transitions())
    if (t.from == from && may(t, role)) out.push_back(t.to);
  return out;
}

}  // namespace pvf::framework
