#include "sim/io/xml/import_notes.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace ampel::io {

void ImportNotes::ignored(const std::string& kind, const std::string& example, const std::string& why,
                          long count) {
  auto [it, fresh] = counts_.try_emplace(kind);
  Entry& e = it->second;
  if (fresh) e.order = next_++;
  e.count += count;
  if (!example.empty() && e.examples.size() < 3 &&
      std::find(e.examples.begin(), e.examples.end(), example) == e.examples.end())
    e.examples.push_back(example);
  if (e.why.empty()) e.why = why;
}

void ImportNotes::note(std::string text) {
  if (std::find(plain_.begin(), plain_.end(), text) == plain_.end()) plain_.push_back(std::move(text));
}

void ImportNotes::write_to(std::vector<std::string>& out) const {
  std::vector<std::pair<std::size_t, const std::string*>> order;
  for (const auto& [kind, e] : counts_) order.emplace_back(e.order, &kind);
  std::sort(order.begin(), order.end());
  for (const auto& [pos, kind] : order) {
    const Entry& e = counts_.at(*kind);
    std::string text = fmt::format("ignored {} {}", e.count, *kind);
    if (!e.examples.empty())
      text += fmt::format(" (e.g. {}{})", fmt::join(e.examples, ", "),
                          e.count > static_cast<long>(e.examples.size()) ? ", ..." : "");
    if (!e.why.empty()) text += ": " + e.why;
    out.push_back(std::move(text));
  }
  out.insert(out.end(), plain_.begin(), plain_.end());
}

}  // namespace ampel::io
