#include "text_table.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace {

TEST(text_table, columns_align_by_display_width_and_a_short_row_runs_on) {
  ab::text_table t{{{"name", ab::text_align::left}, {"rate", ab::text_align::right}, {"µs"}}};
  t.add_row({"rt", "12.3 M", "1.5"});
  t.add_row({"os_threads", "850", "12"});
  t.add_row({"onetbb", "unsupported: needs selective receive"});
  std::ostringstream os;
  t.print(os);
  EXPECT_EQ(os.str(),
            "  name          rate   µs\n"
            "  rt          12.3 M  1.5\n"
            "  os_threads     850   12\n"
            "  onetbb      unsupported: needs selective receive\n");
  EXPECT_EQ(t.rows(), 3u);
}

}  // namespace
