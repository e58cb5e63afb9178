// The node allocator's slabs and magazines (detail/node_allocator.hpp): blocks
// move between threads through the depot, a thread's exit shelves what it
// holds, and nothing is handed out twice. The sanitizer builds use the plain
// allocator, where these tests check only that allocate and free pair up.
#include "rt/detail/node_allocator.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <thread>
#include <vector>

namespace {

using rt::detail::allocate_node;
using rt::detail::free_node;
using rt::detail::node_allocator;

// A size class no other test in this binary uses much, so that the depot's
// shelf for it holds only what these tests put there.
constexpr std::size_t block = 496;

std::vector<void*> take(std::size_t n) {
  std::vector<void*> out;
  for (std::size_t i = 0; i < n; ++i) {
    void* p = allocate_node(block);
    std::memset(p, static_cast<int>(i & 0xff), block);  // the whole block is ours
    out.push_back(p);
  }
  return out;
}

TEST(node_allocator, blocks_live_at_once_are_distinct_across_many_slabs) {
  const std::size_t n = 10 * node_allocator::magazine_size + 7;
  std::vector<void*> blocks = take(n);
  EXPECT_EQ(std::set<void*>(blocks.begin(), blocks.end()).size(), n);
  for (void* p : blocks) free_node(p, block);
}

TEST(node_allocator, blocks_freed_by_an_exited_thread_are_handed_out_again_once_each) {
  // Blocks allocated here are freed by another thread (as a receiver frees
  // messages), which then exits: its cache goes to the depot, whole
  // magazines and the remnant (here 5 blocks) as a short one.
  const std::size_t n = 3 * node_allocator::magazine_size + 5;
  const std::vector<void*> freed_there = take(n);
  std::thread([&] {
    for (void* p : freed_there) free_node(p, block);
  }).join();
  // Taking more than that here reuses every one of those blocks (none twice)
  // and then takes others.
  std::vector<void*> here = take(2 * n);
  EXPECT_EQ(std::set<void*>(here.begin(), here.end()).size(), here.size());
#ifndef RT_PLAIN_ALLOCATOR
  const std::set<void*> reused(freed_there.begin(), freed_there.end());
  std::size_t again = 0;
  for (void* p : here) again += reused.count(p);
  EXPECT_EQ(again, n);
#endif
  for (void* p : here) free_node(p, block);
}

TEST(node_allocator, a_block_freed_on_another_thread_is_reused_without_loss) {
  // Messages: allocated by a sender, freed by a receiver, in rounds.
  for (int round = 0; round < 20; ++round) {
    std::vector<void*> sent = take(node_allocator::magazine_size * 3);
    std::thread([&] {
      for (void* p : sent) free_node(p, block);
    }).join();
  }
  std::vector<void*> after = take(node_allocator::magazine_size * 3);
  EXPECT_EQ(std::set<void*>(after.begin(), after.end()).size(), after.size());
  for (void* p : after) free_node(p, block);
}

}  // namespace
