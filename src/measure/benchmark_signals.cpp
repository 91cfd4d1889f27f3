// The data signals from stored benchmarking runs: DEA efficiency (benchmarking) and Malmquist
// productivity change (cost control and shifting). Rules in signals.h.
#include <cmath>
#include <cstdio>

#include "measure/signals.h"

namespace pvf::measure {
namespace {

std::string decimals(double value, int places) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", places, value);
  return buf;
}

std::string percent(double fraction) { return decimals(100 * fraction, 1) + "%"; }

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return s;
}

}  // namespace

Signal efficiency_signal(const EfficiencySignalInput& e) {
  Signal s{SignalKind::efficiency, Direction::neutral, "", "", ""};
  const bool optimal = e.status == "optimal" && e.efficiency && *e.efficiency > 0;
  const double te = optimal ? (e.input_orientation ? *e.efficiency : 1 / *e.efficiency) : 0;
  const bool on_frontier = (optimal && te >= 1 - 1e-9) ||
                           (e.super_efficiency && e.status == "infeasible");
  const int64_t quarter = (e.units + 3) / 4;
  const std::string of = std::string(" of ") + std::to_string(e.units) + " bodies";
  if (on_frontier) {
    s.direction = Direction::positive;
    s.headline = "On the efficiency frontier" + of;
  } else if (optimal && e.rank) {
    s.headline = std::string("Efficiency ") + decimals(te, 2) + ", ranked " + std::to_string(*e.rank) + of;
    if (*e.rank <= quarter) s.direction = Direction::positive;
    else if (*e.rank > e.units - quarter) s.direction = Direction::negative;
  } else {
    s.headline = "No efficiency score (" + e.status + ")";
  }
  std::string detail = upper(e.rts) + (e.input_orientation ? " input" : " output") +
                       "-oriented DEA, " + e.period + ", " + e.group_label + " (" + e.run_title +
                       "): " + std::to_string(e.efficient) + std::string(" of ") + std::to_string(e.units) +
                       " on the frontier.";
  if (!e.peers.empty()) {
    detail += " Peers: ";
    for (size_t i = 0; i < e.peers.size(); ++i) detail += (i ? ", " : "") + e.peers[i];
    detail += ".";
  }
  std::string room;
  for (const auto& [label, r] : e.improvements) {
    if (r <= 1e-6) continue;
    if (!room.empty()) room += "; ";
    room += label + ": " + percent(r) + (e.input_orientation ? " less" : " more");
  }
  if (!on_frontier && !room.empty())
    detail += " At the frontier: " + room + ".";
  detail += " The frontier is the best of this group, not an absolute standard.";
  s.detail = std::move(detail);
  return s;
}

Signal malmquist_signal(const MalmquistSignalInput& m) {
  Signal s{SignalKind::malmquist, Direction::neutral, "", "", ""};
  const double change = m.malmquist - 1;
  const double flat = kFlatProductivityPct / 100;
  const std::string span = " from " + m.period_from + " to " + m.period_to;
  if (change >= flat) {
    s.direction = Direction::positive;
    s.headline = std::string("Malmquist productivity up ") + percent(change) + span;
  } else if (change <= -flat) {
    s.direction = Direction::negative;
    s.headline = std::string("Malmquist productivity down ") + percent(-change) + span;
  } else {
    s.headline = "Malmquist productivity broadly flat" + span;
  }
  std::string detail = std::string("Efficiency change ") + decimals(m.efficiency_change, 3) +
                       " (catching up with the frontier) x technical change " +
                       decimals(m.technical_change, 3) + " (the frontier moving) = " +
                       decimals(m.malmquist, 3) + "; " + m.group_label + " (" + m.run_title + ")";
  if (m.group_median)
    detail += std::string(", median ") + decimals(*m.group_median, 3) + " across " +
              std::to_string(m.group_count) + " bodies";
  s.detail = detail + ".";
  return s;
}

}  // namespace pvf::measure
