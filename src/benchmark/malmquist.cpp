#include "benchmark/malmquist.h"

#include <cmath>
#include <map>

namespace pvf::benchmark {
namespace {

// The units of `from` that also appear in `to`, as a DeaData in `to`'s order, with the index of
// each in `from`.
struct Common {
  DeaData in_from;  // their data in period `from`
  DeaData in_to;    // their data in period `to`
};

Common common_units(const DeaData& from, const DeaData& to) {
  std::map<std::string, std::size_t> at;
  for (std::size_t u = 0; u < from.size(); ++u) at.emplace(from.units[u], u);
  Common c;
  for (auto* d : {&c.in_from, &c.in_to}) {
    d->input_names = from.input_names;
    d->output_names = from.output_names;
  }
  const std::size_t m = from.input_count(), s = from.output_count();
  for (std::size_t v = 0; v < to.size(); ++v) {
    auto it = at.find(to.units[v]);
    if (it == at.end()) continue;
    const std::size_t u = it->second;
    c.in_from.units.push_back(from.units[u]);
    c.in_to.units.push_back(to.units[v]);
    for (std::size_t i = 0; i < m; ++i) {
      c.in_from.inputs.push_back(from.input(u, i));
      c.in_to.inputs.push_back(to.input(v, i));
    }
    for (std::size_t r = 0; r < s; ++r) {
      c.in_from.outputs.push_back(from.output(u, r));
      c.in_to.outputs.push_back(to.output(v, r));
    }
  }
  return c;
}

// Farrell efficiency ≤ 1 within its own period: θ, or 1/φ for output orientation.
std::optional<double> efficiency(const DeaScore& s, Orientation o) {
  if (s.status != DeaStatus::optimal || !(s.efficiency > 0)) return std::nullopt;
  return o == Orientation::input ? s.efficiency : 1.0 / s.efficiency;
}

DeaStatus worst(std::initializer_list<const DeaScore*> scores) {
  for (const auto* s : scores)
    if (s->status != DeaStatus::optimal) return s->status;
  return DeaStatus::optimal;
}

}  // namespace

Result<MalmquistResult> run_malmquist(const DeaPanel& panel, const MalmquistOptions& opt,
                                      const MalmquistProgress& progress) {
  if (opt.rts != ReturnsToScale::crs && opt.rts != ReturnsToScale::vrs)
    return fail(Error::invalid("Malmquist indices use crs (or vrs for the decomposition), not " +
                               std::string(info(opt.rts).name)));
  if (panel.periods.size() < 2)
    return fail(Error::invalid("Malmquist needs at least two periods; the data has " +
                               std::to_string(panel.periods.size())));
  for (std::size_t p = 0; p < panel.data.size(); ++p)
    if (auto ok = validate(panel.data[p]); !ok) {
      Error e = ok.error();
      e.message = "period " + panel.periods[p] + ": " + e.message;
      return fail(std::move(e));
    }

  const Orientation o = opt.orientation;
  const std::size_t pairs = panel.periods.size() - 1;
  MalmquistResult result;
  for (std::size_t t = 0; t < pairs; ++t) {
    if (progress && !progress(t, pairs)) return fail(Error::cancelled("Malmquist cancelled"));
    const DeaData& a = panel.data[t];
    const DeaData& b = panel.data[t + 1];
    const Common c = common_units(a, b);
    if (c.in_to.size() == 0) continue;
    // Both periods' data against each period's CRS frontier, screening each frontier once.
    const std::vector<const DeaData*> both{&c.in_from, &c.in_to};
    auto against_a = score_against(a, both, ReturnsToScale::crs, o, opt.threads);
    if (!against_a) return fail(against_a.error());
    auto against_b = score_against(b, both, ReturnsToScale::crs, o, opt.threads);
    if (!against_b) return fail(against_b.error());
    const auto* aa = &(*against_a)[0];
    const auto* ab = &(*against_a)[1];
    const auto* ba = &(*against_b)[0];
    const auto* bb = &(*against_b)[1];
    Result<std::vector<DeaScore>> va, vb;
    if (opt.rts == ReturnsToScale::vrs) {
      va = score_against(a, c.in_from, ReturnsToScale::vrs, o, opt.threads);
      vb = score_against(b, c.in_to, ReturnsToScale::vrs, o, opt.threads);
      if (!va) return fail(va.error());
      if (!vb) return fail(vb.error());
    }
    for (std::size_t u = 0; u < c.in_to.size(); ++u) {
      MalmquistRow row;
      row.unit = c.in_to.units[u];
      row.period_from = t;
      row.period_to = t + 1;
      row.status = worst({&(*aa)[u], &(*ab)[u], &(*ba)[u], &(*bb)[u]});
      const auto e_aa = efficiency((*aa)[u], o), e_ab = efficiency((*ab)[u], o),
                 e_ba = efficiency((*ba)[u], o), e_bb = efficiency((*bb)[u], o);
      if (row.status == DeaStatus::optimal && e_aa && e_ab && e_ba && e_bb) {
        row.malmquist = std::sqrt((*e_ab / *e_aa) * (*e_bb / *e_ba));
        row.efficiency_change = *e_bb / *e_aa;
        row.technical_change = row.malmquist / row.efficiency_change;
        if (opt.rts == ReturnsToScale::vrs) {
          const auto v_a = efficiency((*va)[u], o), v_b = efficiency((*vb)[u], o);
          if (v_a && v_b) {
            row.pure_efficiency_change = *v_b / *v_a;
            row.scale_efficiency_change = row.efficiency_change / *row.pure_efficiency_change;
          } else {
            row.status = worst({&(*va)[u], &(*vb)[u]});
          }
        }
      } else if (row.status == DeaStatus::optimal) {
        row.status = DeaStatus::failed;  // a zero score: the ratios are undefined
      }
      result.rows.push_back(std::move(row));
    }
  }
  if (progress && !progress(pairs, pairs)) return fail(Error::cancelled("Malmquist cancelled"));
  return result;
}

}  // namespace pvf::benchmark
