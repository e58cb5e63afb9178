// The node allocator's slabs and magazines (detail/node_allocator.hpp): blocks
// move between threads through the depot, a thread's exit shelves what it
// holds, and nothing is handed out twice. The sanitizer builds use the plain
// allocator, where these tests check only that allocate and free pair up.
#include "rt/detail/node_allocator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
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

#ifndef RT_PLAIN_ALLOCATOR
TEST(node_allocator, once_every_block_is_home_the_depot_hands_them_out_in_address_order) {
  // A flood freed in a scrambled order (as a receiver frees the messages of
  // many senders) leaves the free list scrambled; a runtime that stops puts it
  // back in address order (tidy_node_memory), so the next flood's blocks lie
  // side by side again.
  const std::size_t n = 4 * node_allocator::magazine_size;
  std::vector<void*> blocks = take(n);
  std::shuffle(blocks.begin(), blocks.end(), std::mt19937(7));
  for (void* p : blocks) free_node(p, block);
  const auto adjacent = [](const std::vector<void*>& v) {
    std::size_t pairs = 0;
    for (std::size_t i = 1; i < v.size(); ++i)
      pairs += static_cast<unsigned char*>(v[i]) == static_cast<unsigned char*>(v[i - 1]) + block;
    return pairs;
  };
  std::vector<void*> scrambled = take(node_allocator::magazine_size);
  EXPECT_LT(adjacent(scrambled), node_allocator::magazine_size / 4);  // the free order, not the address order
  for (void* p : scrambled) free_node(p, block);

  rt::detail::tidy_node_memory();
  std::vector<void*> tidy = take(n);
  // Each slab's 64 blocks come out in a row; only the steps between slabs
  // (separate system allocations) are not one block long.
  EXPECT_GE(adjacent(tidy), n - n / node_allocator::magazine_size);
  EXPECT_TRUE(std::is_sorted(tidy.begin(), tidy.begin() + node_allocator::magazine_size));
  for (void* p : tidy) free_node(p, block);
}

TEST(node_allocator, a_block_still_out_leaves_its_class_as_it_was) {
  std::vector<void*> blocks = take(2 * node_allocator::magazine_size);
  // The first block taken, so that a rebuild, which hands out the lowest
  // addresses first, would hand it out again.
  void* kept = blocks.front();
  blocks.erase(blocks.begin());
  std::reverse(blocks.begin(), blocks.end());
  for (void* p : blocks) free_node(p, block);
  rt::detail::tidy_node_memory();  // `kept` is live: nothing moves
  // The thread cache went to the depot as it was (newest free first), so the
  // blocks come back in the order they were freed, last freed first.
  std::vector<void*> again = take(blocks.size());
  std::reverse(again.begin(), again.end());
  EXPECT_EQ(std::set<void*>(again.begin(), again.end()), std::set<void*>(blocks.begin(), blocks.end()));
  for (void* p : again) free_node(p, block);
  free_node(kept, block);
}
#endif

}  // namespace
