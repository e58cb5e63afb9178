// Messages: how a value travels from one process to another.
//
// send() deep-copies the value into a message node (copy construction; a
// sendable type owns everything it refers to). The node is allocated by the
// sender, like the BEAM's heap fragments, and belongs to the receiver from the
// moment it is pushed: the sender never touches it again, the receiver reads,
// moves from and frees it. The only data shared between processes are the
// immutable buffers of large rt::binary values.
//
// A node is two words of header and the payload. The header's type tag is the
// address of a per-type constant, so matching a receive clause is a pointer
// compare, with no RTTI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <tuple>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <variant>
#include <vector>

#include "rt/detail/node_allocator.hpp"

namespace rt {

namespace detail {
struct message;

struct type_tag {
  void (*destroy)(message*) noexcept;  // runs the payload's destructor and frees the node
  std::uint32_t node_size;             // bytes of the node, for mailbox accounting
  bool is_signal;                      // runtime-internal; never matched by receive
  const char* (*name)() noexcept;      // for diagnostics
};

// The header every node starts with. `next` links the node into the arrival
// stack and later into the receiver's private queue; only one owner at a time.
struct message {
  message* next = nullptr;
  const type_tag* tag = nullptr;
};


template <class T>
struct typed_message final : message {
  template <class... A>
    requires std::is_constructible_v<T, A&&...>
  explicit typed_message(A&&... a) : value(std::forward<A>(a)...) {}
  // An aggregate from its members, for compilers without C++20's parenthesised
  // aggregate initialisation (clang before 16, which builds the fuzz targets).
  template <class... A>
    requires(!std::is_constructible_v<T, A&&...>)
  explicit typed_message(A&&... a) : value{std::forward<A>(a)...} {}
  T value;
};

template <class T>
struct tag_of {
  static void destroy(message* m) noexcept {
    auto* t = static_cast<typed_message<T>*>(m);
    t->~typed_message<T>();
    free_node(t, sizeof(typed_message<T>));
  }
  static const char* name() noexcept { return typeid(T).name(); }
  static constexpr type_tag value{&destroy, sizeof(typed_message<T>), false, &name};
};

template <class T>
inline constexpr const type_tag* tag_v = &tag_of<T>::value;

template <class T, class... A>
message* make_message(A&&... a) {
  void* mem = allocate_node(sizeof(typed_message<T>));
  try {
    auto* m = new (mem) typed_message<T>(std::forward<A>(a)...);
    m->tag = tag_v<T>;
    return m;
  } catch (...) {
    free_node(mem, sizeof(typed_message<T>));
    throw;
  }
}

template <class T>
T& payload(message* m) noexcept {
  return static_cast<typed_message<T>*>(m)->value;
}

inline void destroy(message* m) noexcept { m->tag->destroy(m); }
}  // namespace detail

// What may be sent: values that own what they refer to. Pointers, references,
// views and shared_ptr to mutable data would let two processes share mutable
// memory, so they are refused at compile time. (A type can opt in by
// specialising is_sendable, taking responsibility for that promise.)
template <class T>
struct is_sendable
    : std::bool_constant<!std::is_pointer_v<T> && !std::is_reference_v<T> &&
                         !std::is_member_pointer_v<T> && std::is_copy_constructible_v<T> &&
                         std::is_destructible_v<T>> {};
template <class T>
struct is_sendable<std::shared_ptr<T>> : std::bool_constant<std::is_const_v<T>> {};
template <class T>
struct is_sendable<std::weak_ptr<T>> : std::false_type {};
template <class T>
struct is_sendable<std::unique_ptr<T>> : std::false_type {};
template <class C, class Tr>
struct is_sendable<std::basic_string_view<C, Tr>> : std::false_type {};
template <class T, std::size_t N>
struct is_sendable<std::span<T, N>> : std::false_type {};
template <class T, class A>
struct is_sendable<std::vector<T, A>> : is_sendable<T> {};
template <class T>
struct is_sendable<std::optional<T>> : is_sendable<T> {};
template <class A, class B>
struct is_sendable<std::pair<A, B>> : std::bool_constant<is_sendable<A>::value && is_sendable<B>::value> {};
template <class... T>
struct is_sendable<std::tuple<T...>> : std::bool_constant<(is_sendable<T>::value && ...)> {};
template <class... T>
struct is_sendable<std::variant<T...>> : std::bool_constant<(is_sendable<T>::value && ...)> {};

template <class T>
inline constexpr bool is_sendable_v = is_sendable<std::remove_cvref_t<T>>::value;

}  // namespace rt
