// The AssessmentDetail JSON: the assessment, its ratings and history, and what the current
// user may do next (so the front end shows only the buttons that will work).
#pragma once

#include "server/app.h"
#include "store/records.h"

namespace pvf::server {

Result<nlohmann::json> assessment_detail(RequestContext& ctx, const store::Assessment& a);

// May this actor write to this body's assessments at all (body leads and assessors: own body)?
bool acts_for_body(const store::Actor& actor, int64_t body_id);

}  // namespace pvf::server
