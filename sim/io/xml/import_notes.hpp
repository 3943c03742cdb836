#pragma once
// What an importer left out, counted by kind so a scenario's notes say it once: "ignored 12 busStop".
#include <map>
#include <string>
#include <vector>

namespace ampel::io {

class ImportNotes {
 public:
  // Counts `count` more items of `kind`; `example` (an id) is kept for the first few.
  void ignored(const std::string& kind, const std::string& example = {}, const std::string& why = {},
               long count = 1);
  // A note that is not a count (e.g. "CityFlow has no end time: ...").
  void note(std::string text);
  // Appends the notes in first-seen order: "ignored 12 busStop (e.g. a, b, c): why".
  void write_to(std::vector<std::string>& out) const;

 private:
  struct Entry {
    std::size_t order = 0;
    long count = 0;
    std::vector<std::string> examples;
    std::string why;
  };
  std::map<std::string, Entry> counts_;
  std::vector<std::string> plain_;
  std::size_t next_ = 0;
};

}  // namespace ampel::io
