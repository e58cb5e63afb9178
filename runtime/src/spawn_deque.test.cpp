// The spawn deque on its own: LIFO for the owner, FIFO for thieves, a full
// deque refuses, and under contention every entry is taken exactly once (the
// last-entry race between the owner and the thieves included). The concurrent
// test is the one ThreadSanitizer runs it for.
#include "rt/detail/spawn_deque.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace {

using rt::detail::process;
using rt::detail::spawn_deque;

// Distinct non-null "processes": the deque never dereferences them.
process* fake(std::size_t i) { return reinterpret_cast<process*>((i + 1) * 16); }
std::size_t index_of(process* p) { return reinterpret_cast<std::uintptr_t>(p) / 16 - 1; }

TEST(spawn_deque, the_owner_takes_the_newest_entry_first) {
  spawn_deque d;
  EXPECT_EQ(d.take(), nullptr);
  for (std::size_t i = 0; i < 3; ++i) ASSERT_TRUE(d.push(fake(i)));
  EXPECT_EQ(d.size(), 3u);
  EXPECT_EQ(d.take(), fake(2));
  EXPECT_EQ(d.take(), fake(1));
  EXPECT_EQ(d.take(), fake(0));
  EXPECT_EQ(d.take(), nullptr);
  EXPECT_TRUE(d.empty());
}

TEST(spawn_deque, a_thief_takes_the_oldest_entry_first) {
  spawn_deque d;
  for (std::size_t i = 0; i < 3; ++i) ASSERT_TRUE(d.push(fake(i)));
  EXPECT_EQ(d.steal(), fake(0));
  EXPECT_EQ(d.take(), fake(2));
  EXPECT_EQ(d.steal(), fake(1));
  EXPECT_EQ(d.steal(), nullptr);
  EXPECT_EQ(d.take(), nullptr);
}

TEST(spawn_deque, a_full_deque_refuses_a_push_and_takes_one_again_after_a_take) {
  spawn_deque d;
  for (std::size_t i = 0; i < spawn_deque::capacity; ++i) ASSERT_TRUE(d.push(fake(i)));
  EXPECT_FALSE(d.push(fake(9999)));
  EXPECT_EQ(d.steal(), fake(0));
  EXPECT_TRUE(d.push(fake(10000)));  // the ring wraps into the freed slot
  EXPECT_EQ(d.take(), fake(10000));
  EXPECT_EQ(d.take(), fake(spawn_deque::capacity - 1));
}

TEST(spawn_deque, under_contention_every_entry_is_taken_exactly_once) {
  constexpr std::size_t total = 200'000;
  constexpr int thieves = 3;
  spawn_deque d;
  std::vector<std::atomic<int>> taken(total);
  std::atomic<bool> done{false};
  std::atomic<std::size_t> stolen{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < thieves; ++t) {
    ts.emplace_back([&] {
      while (!done.load(std::memory_order_acquire)) {
        if (process* p = d.steal()) {
          taken[index_of(p)].fetch_add(1, std::memory_order_relaxed);
          stolen.fetch_add(1, std::memory_order_relaxed);
        }
      }
    });
  }
  // The owner pushes in short bursts and takes some back, so that the deque
  // keeps passing through one entry, where owner and thieves race.
  std::size_t next = 0;
  while (next < total) {
    for (int k = 0; k < 3 && next < total; ++k) {
      if (d.push(fake(next))) ++next;
    }
    for (int k = 0; k < 2; ++k) {
      if (process* p = d.take()) taken[index_of(p)].fetch_add(1, std::memory_order_relaxed);
    }
  }
  // What is left (about a third) is the thieves' to take.
  while (!d.empty()) std::this_thread::yield();
  done.store(true, std::memory_order_release);
  for (auto& t : ts) t.join();
  std::size_t wrong = 0;
  for (auto& n : taken) wrong += n.load() != 1;
  EXPECT_EQ(wrong, 0u) << "entries taken never or twice";
  EXPECT_GT(stolen.load(), 0u);
}

}  // namespace
