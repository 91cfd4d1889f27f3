#include "demo/demo_linkage.h"

#include "demo/demo_internal.h"
#include "store/linkage_repo.h"

namespace pvf::demo {

Result<int64_t> seed_demo_linkage(store::Database& db, const crypto::DataKey& key,
                                  const std::string& demo_dir, const DemoLinkageActors& actors) {
  const std::string today = store::now_utc().substr(0, 10);
  store::AgreementInput agreement;
  agreement.title = "Supporting Families: adult social care and housing (illustrative)";
  agreement.purpose =
      "Find the people known to both adult social care and the housing register, so that a "
      "lead practitioner sees each family's needs whole and people tell their story once.";
  agreement.lawful_basis =
      "UK GDPR Article 6(1)(e) public task; Article 9(2)(h) health or social care; Digital "
      "Economy Act 2017 s.35 (multiple disadvantages). Demonstration only: the people are "
      "synthetic.";
  agreement.parties = {"Council adult social care", "Council housing register"};
  agreement.fields = {"unique_id", "given_name", "surname", "date_of_birth",
                      "sex",       "postcode",   "address_1", "town"};
  agreement.retain_until = std::to_string(std::stoi(today.substr(0, 4)) + 3) + "-03-31";
  agreement.member_ids = actors.member_ids;
  auto created = store::create_agreement(db, actors.admin, agreement, today);
  if (!created) return fail(created.error());
  const int64_t agreement_id = (*created)["id"].get<int64_t>();

  std::vector<int64_t> datasets;
  for (const auto& [file, party] :
       {std::pair{"council_social_care.csv", "Council adult social care"},
        std::pair{"housing_register.csv", "Council housing register"}}) {
    const std::string path = demo_dir + "/linkage/" + file;
    auto text = detail::read_text(path);
    if (!text) return fail(text.error());
    store::DatasetUpload upload{file, party, "unique_id", std::move(*text)};
    auto dataset = store::create_dataset(db, key, actors.uploader, agreement_id, upload, today);
    if (!dataset) return fail(dataset.error());
    datasets.push_back((*dataset)["id"].get<int64_t>());
  }
  store::LinkageRunSpec spec{"Adult social care and housing: who is known to both", datasets,
                             std::nullopt};
  auto plan = store::check_linkage_run(db, actors.uploader, spec, today);
  if (!plan) return fail(plan.error());
  return store::run_linkage_job(db, key, actors.uploader, *plan, today, {}, 1);
}

}  // namespace pvf::demo
