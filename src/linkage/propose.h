// Settings proposed from the data when the user gives none: columns are recognised by name
// (given_name, surname, date_of_birth, postcode, …) and checked against their values (which
// date format parses, whether postcodes are UK ones, whether a column holds encodings); then
// blocking rules are chosen by counting the pairs each would make on these records, so the run
// stays fast whatever the data's size. The proposal is written out for the user to review.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "linkage/records.h"
#include "linkage/settings.h"

namespace pvf::linkage {

// Comparisons and the unique id from the header and a sample of rows (each row in header
// order). Blocking rules are left empty: choose_blocking_rules fills them once records exist.
// Error when no column can be compared or no unique id column is found.
Result<LinkSettings> propose_comparisons(const std::vector<std::string>& header,
                                         std::span<const std::vector<std::string>> sample,
                                         LinkType link_type);

// The blocking rules to try, most useful first: each on different columns, so that one wrong
// field rarely hides a match from all of them. Only rules whose columns the settings compare.
std::vector<BlockingRule> candidate_blocking_rules(const LinkSettings& settings);

// Chooses blocking rules for `records` (built with settings that reference every column a
// candidate rule may use): each candidate, narrowed by further keys while it makes more than
// `max_pairs_per_rule` pairs, is kept if it then fits; at most eight are kept.
std::vector<BlockingRule> choose_blocking_rules(const LinkSettings& settings,
                                                const Records& records,
                                                uint64_t max_pairs_per_rule);

// Training rules for EM when the data has a date of birth and names: one blocking on the date,
// one on the whole name, each narrowed (by sex) to `max_pairs_per_rule`. Empty when they do
// not apply, and the blocking rules then train the model.
std::vector<BlockingRule> choose_training_rules(const LinkSettings& settings,
                                                const Records& records,
                                                uint64_t max_pairs_per_rule);

// Completes settings from propose_comparisons once `records` exist: blocking rules within
// max(2,000,000, 10 × records) pairs each, training rules within three times that. Error (naming
// the budget) when no blocking rule fits: the data then need settings written by hand.
Status choose_rules(LinkSettings& settings, const Records& records);

}  // namespace pvf::linkage
