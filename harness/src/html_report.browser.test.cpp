// The report as a browser draws it: renders a report in headless Chromium and
// reads back what the page's render check measured (html_report.hpp): every
// chart laid out with a non-zero size, and every one of its marks (bars,
// lines, points) and labels drawn with a non-zero size. The unit tests
// (html_report.test.cpp) check the HTML text; this checks that it draws.
//
// A ctest of its own (label `browser`), as it starts a browser: about a
// second. Skipped, with a message, where Chromium is not installed (Debian:
// apt-get install chromium); AB_CHROMIUM names another binary.
#include "html_report.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "result_fixtures.hpp"
#include "test_directory.hpp"

namespace {

constexpr const char* default_chromium = "/usr/bin/chromium";
constexpr int browser_timeout_seconds = 90;

std::string chromium_path() {
  const char* env = std::getenv("AB_CHROMIUM");
  return env && *env ? env : default_chromium;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in{p};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t count(const std::string& s, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
  return n;
}

// The DOM after load, as Chromium serialises it (scripts run).
std::string dump_dom(const std::filesystem::path& html, const ab::testing::test_directory& dir) {
  const auto profile = dir.path() / "profile";
  const auto dom = dir.path() / "dom.html";
  const auto log = dir.path() / "chromium.log";
  // Flags: headless, as root (no sandbox), no GPU, and nothing that reaches
  // the network or writes outside the temporary profile.
  const std::string command =
      "timeout " + std::to_string(browser_timeout_seconds) + " '" + chromium_path() +
      "' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --disable-default-apps --disable-extensions --user-data-dir='" +
      profile.string() + "' --dump-dom 'file://" + html.string() + "' >'" + dom.string() + "' 2>'" +
      log.string() + "'";
  const int raw = std::system(command.c_str());
  EXPECT_TRUE(WIFEXITED(raw) && WEXITSTATUS(raw) == 0)
      << "chromium failed (" << raw << "): " << read(log);
  return read(dom);
}

std::map<std::string, std::string> attributes(const std::string& tag) {
  std::map<std::string, std::string> out;
  static const std::regex attr{R"re(([a-z-]+)="([^"]*)")re"};
  for (auto it = std::sregex_iterator(tag.begin(), tag.end(), attr); it != std::sregex_iterator();
       ++it)
    out[(*it)[1]] = (*it)[2];
  return out;
}

TEST(report_in_chromium, every_chart_is_drawn_with_a_non_zero_size_and_all_its_marks) {
  if (access(chromium_path().c_str(), X_OK) != 0) {
    GTEST_SKIP() << chromium_path()
                 << " is not installed (Debian: apt-get install chromium): the report's charts "
                    "were not rendered";
  }
  ab::testing::test_directory dir;
  // A sweep and a run in one report: every kind of chart, two files.
  const std::string html = ab::render_report(
      {ab::testing::reread(ab::testing::fake_sweep_document({"counter", "latency"}, {1, 2, 4}),
                           "sweep.json"),
       ab::testing::reread(ab::testing::fake_run_document({"counter", "latency", "picky"}),
                           "run.json")});
  const auto page = dir.path() / "report.html";
  std::ofstream{page} << html;
  const std::size_t charts = count(html, "<svg class=\"chart\"");
  ASSERT_GE(charts, 8u);

  const std::string dom = dump_dom(page, dir);
  std::smatch check;
  ASSERT_TRUE(std::regex_search(dom, check,
                                std::regex(R"(<pre id="render-check">charts=(\d+) drawn=(\d+))")))
      << "the render check did not run; the page as dumped:\n"
      << dom.substr(0, 2000);
  EXPECT_EQ(std::stoul(check[1]), charts);
  EXPECT_EQ(std::stoul(check[2]), charts);

  std::size_t seen = 0;
  static const std::regex svg_tag{R"(<svg class="chart"[^>]*>)"};
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), svg_tag);
       it != std::sregex_iterator(); ++it) {
    ++seen;
    auto a = attributes(it->str());
    const std::string id = a["id"] + " (" + a["data-kind"] + ")";
    ASSERT_TRUE(a.count("data-width")) << id << " was not measured";
    EXPECT_GT(std::stoi(a["data-width"]), 0) << id;
    EXPECT_GT(std::stoi(a["data-height"]), 0) << id;
    EXPECT_GT(std::stoi(a["data-marks"]), 0) << id;
    EXPECT_EQ(a["data-drawn-marks"], a["data-marks"]) << id << ": marks drawn with no size";
    EXPECT_GT(std::stoi(a["data-drawn-texts"]), 0) << id << ": no text drawn (fonts?)";
  }
  EXPECT_EQ(seen, charts);
}

}  // namespace
