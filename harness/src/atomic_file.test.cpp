#include "atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "test_directory.hpp"

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in{p};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(atomic_file, a_written_file_has_all_its_text_and_no_temporary_is_left) {
  ab::testing::test_directory dir;
  const auto path = dir.path() / "r.json";
  EXPECT_FALSE(ab::write_file_atomically(path, [](std::ostream& os) { os << "{}\n"; }));
  EXPECT_EQ(read(path), "{}\n");
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"r.json"}));
}

TEST(atomic_file, a_writer_that_throws_leaves_the_previous_file_untouched) {
  ab::testing::test_directory dir;
  const auto path = dir.path() / "r.json";
  ASSERT_FALSE(ab::write_file_atomically(path, [](std::ostream& os) { os << "old"; }));
  const auto error = ab::write_file_atomically(path, [](std::ostream& os) {
    os << "half";
    throw std::runtime_error("disk on fire");
  });
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("disk on fire"), std::string::npos);
  EXPECT_EQ(read(path), "old");
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"r.json"}));
}

TEST(atomic_file, a_missing_directory_is_an_error_not_a_crash) {
  ab::testing::test_directory dir;
  EXPECT_TRUE(
      ab::write_file_atomically(dir.path() / "no" / "such" / "r.json", [](std::ostream&) {}));
}

TEST(atomic_file, a_writable_directory_is_created_with_its_parents) {
  ab::testing::test_directory dir;
  EXPECT_FALSE(ab::ensure_writable_directory(dir.path() / "a" / "b"));
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "a" / "b"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() / "a" / "b"));
  std::ofstream{dir.path() / "file"} << "x";
  EXPECT_TRUE(ab::ensure_writable_directory(dir.path() / "file"));
}

TEST(atomic_file, something_that_is_not_a_regular_file_is_never_replaced) {
  ab::testing::test_directory dir;
  const auto fifo = dir.path() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto error = ab::write_file_atomically(fifo, [](std::ostream& os) { os << "{}\n"; });
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("not a regular file"), std::string::npos) << *error;
  EXPECT_TRUE(std::filesystem::is_fifo(fifo));
  EXPECT_TRUE(dir.files().empty());  // no temporary left behind (files() lists regular files)
}

}  // namespace
