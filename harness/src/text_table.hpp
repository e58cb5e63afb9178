// A plain-text table for the terminal: columns aligned left or right, padded
// by display width (UTF-8 aware), two spaces between columns. A row with
// fewer cells than columns lets its last cell run on unpadded (a message in
// place of figures).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace ab {

enum class text_align { left, right };

struct text_column {
  std::string title;
  text_align align = text_align::right;
};

class text_table {
 public:
  explicit text_table(std::vector<text_column> columns) : columns_(std::move(columns)) {}

  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::size_t rows() const noexcept { return rows_.size(); }

  // Each line starts with `indent` and ends with '\n'; trailing spaces trimmed.
  void print(std::ostream& os, const std::string& indent = "  ") const;

 private:
  std::vector<text_column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace ab
