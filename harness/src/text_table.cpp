#include "text_table.hpp"

#include <algorithm>
#include <ostream>

#include "units.hpp"

namespace ab {

namespace {

constexpr const char* column_gap = "  ";

std::string pad(const std::string& s, std::size_t width, text_align a) {
  const std::size_t w = display_width(s);
  if (w >= width) return s;
  const std::string fill(width - w, ' ');
  return a == text_align::left ? s + fill : fill + s;
}

void trim_right(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
}

}  // namespace

void text_table::print(std::ostream& os, const std::string& indent) const {
  std::vector<std::size_t> widths(columns_.size());
  for (std::size_t i = 0; i < columns_.size(); ++i) widths[i] = display_width(columns_[i].title);
  for (const auto& row : rows_) {
    // The last cell of a short row runs on; it does not widen its column.
    const std::size_t sized =
        row.size() < columns_.size() && !row.empty() ? row.size() - 1 : row.size();
    for (std::size_t i = 0; i < sized && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = indent;
    for (std::size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
      if (i > 0) out += column_gap;
      const bool runs_on = cells.size() < columns_.size() && i + 1 == cells.size();
      out += runs_on ? cells[i] : pad(cells[i], widths[i], columns_[i].align);
    }
    trim_right(out);
    os << out << "\n";
  };
  std::vector<std::string> titles;
  for (const auto& c : columns_) titles.push_back(c.title);
  line(titles);
  for (const auto& row : rows_) line(row);
}

}  // namespace ab
