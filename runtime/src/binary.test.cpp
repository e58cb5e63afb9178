// rt::binary: the one kind of data processes share. A binary of more than
// defaults::shared_binary_threshold (64) bytes travels by reference count; a
// smaller one is copied with the message, like everything else.
#include <gtest/gtest.h>

#include <cstddef>
#include <future>
#include <string>

#include "rt/rt.hpp"
#include "test_support.hpp"

using rt_test::await;

namespace {

struct seen_binary {
  const std::byte* data;
  std::size_t use_count;
  bool shared;
  std::string bytes;
};

// Sends `b` to a fresh process and reports what the receiver holds.
seen_binary send_and_look(const rt::binary& b) {
  std::promise<seen_binary> got;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  seen_binary seen{};
  {
    rt::runtime r{rt_test::config_for(rt::strategy_kind::work_stealing)};
    rt::pid p = r.spawn([&]() -> rt::proc {
      co_await rt::receive([&](rt::binary mine) {
        got.set_value({mine.data(), mine.use_count(), mine.is_shared(), std::string(mine.view())});
        (void)released.wait_for(rt_test::patience);  // hold the reference until the test has looked
      });
    });
    r.send(p, b);
    seen = await(got.get_future());
    release.set_value();
    r.wait_idle();
  }
  return seen;
}

TEST(binary, a_binary_of_at_most_64_bytes_is_stored_inline) {
  EXPECT_FALSE(rt::binary(std::string(64, 'a')).is_shared());
  EXPECT_TRUE(rt::binary(std::string(65, 'a')).is_shared());
  EXPECT_TRUE(rt::binary().empty());
  EXPECT_EQ(rt::binary(std::string(64, 'a')).use_count(), 1u);
}

TEST(binary, copying_a_large_binary_adds_a_reference_to_the_same_bytes) {
  const rt::binary a(std::string(100, 'x'));
  EXPECT_EQ(a.use_count(), 1u);
  {
    const rt::binary b = a;
    EXPECT_EQ(a.use_count(), 2u);
    EXPECT_EQ(b.data(), a.data());
    rt::binary c = b;
    rt::binary d = std::move(c);  // a move adds no reference
    EXPECT_EQ(a.use_count(), 3u);
    EXPECT_EQ(d, a);
  }
  EXPECT_EQ(a.use_count(), 1u);
}

TEST(binary, a_binary_over_64_bytes_reaches_the_receiver_by_reference) {
  const rt::binary big(std::string(65, 'x'));
  const seen_binary seen = send_and_look(big);
  EXPECT_TRUE(seen.shared);
  EXPECT_EQ(seen.data, big.data()) << "the receiver must see the sender's bytes, not a copy";
  EXPECT_EQ(seen.use_count, 2u) << "the sender's reference and the receiver's";
  EXPECT_EQ(seen.bytes, std::string(65, 'x'));
  EXPECT_EQ(big.use_count(), 1u) << "the receiver's reference went with it";
}

TEST(binary, a_binary_of_64_bytes_or_fewer_is_copied_into_the_message) {
  const rt::binary small(std::string(64, 'y'));
  const seen_binary seen = send_and_look(small);
  EXPECT_FALSE(seen.shared);
  EXPECT_NE(seen.data, small.data());
  EXPECT_EQ(seen.use_count, 1u);
  EXPECT_EQ(seen.bytes, std::string(64, 'y'));
}

TEST(binary, a_large_binary_held_only_by_a_queued_message_is_freed_with_the_runtime) {
  rt::binary big(std::string(1000, 'z'));
  {
    rt::runtime r{rt_test::config_for(rt::strategy_kind::work_stealing)};
    rt::pid p = r.spawn([]() -> rt::proc { co_await rt::receive([](int) {}); });
    r.send(p, big);  // never received
    r.send(p, big);
    EXPECT_TRUE(rt_test::eventually([&] { return r.info(p)->mailbox_length == 2; }));
    EXPECT_EQ(big.use_count(), 3u);
  }
  EXPECT_EQ(big.use_count(), 1u);
}

}  // namespace
