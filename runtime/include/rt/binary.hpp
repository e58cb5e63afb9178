// Immutable byte strings, the one kind of data processes may share.
//
// As on the BEAM, a binary of at most defaults::shared_binary_threshold bytes is
// stored inline and copied with the message that carries it; a larger one lives
// in a reference-counted buffer that is never written after construction, so a
// message carries a new reference rather than a copy. Sharing is safe because
// nothing can mutate the bytes.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>

#include "rt/defaults.hpp"

namespace rt {

class binary {
 public:
  binary() noexcept = default;
  explicit binary(std::string_view bytes) { assign(bytes.data(), bytes.size()); }
  binary(const void* data, std::size_t size) { assign(data, size); }

  binary(const binary& o) noexcept : size_(o.size_) {
    if (is_shared()) {
      shared_ = o.shared_;
      // Relaxed: a new reference needs no ordering, the holder already sees the bytes.
      shared_->refs.fetch_add(1, std::memory_order_relaxed);
    } else {
      std::memcpy(inline_, o.inline_, size_);
    }
  }
  binary(binary&& o) noexcept : size_(o.size_) {
    std::memcpy(static_cast<void*>(this), &o, sizeof(*this));  // both layouts are trivially movable
    o.size_ = 0;
  }
  binary& operator=(binary o) noexcept {
    swap(o);
    return *this;
  }
  ~binary() { release(); }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const std::byte* data() const noexcept {
    return is_shared() ? shared_->bytes() : reinterpret_cast<const std::byte*>(inline_);
  }
  std::string_view view() const noexcept {
    return {reinterpret_cast<const char*>(data()), size_};
  }
  // True when the bytes live in a shared reference-counted buffer.
  bool is_shared() const noexcept { return size_ > defaults::shared_binary_threshold; }
  // References to the shared buffer (1 for an inline binary): for tests and introspection.
  std::size_t use_count() const noexcept {
    return is_shared() ? shared_->refs.load(std::memory_order_relaxed) : 1;
  }

  friend bool operator==(const binary& a, const binary& b) noexcept { return a.view() == b.view(); }

  void swap(binary& o) noexcept {
    alignas(binary) unsigned char tmp[sizeof(binary)];
    std::memcpy(tmp, static_cast<void*>(this), sizeof(binary));
    std::memcpy(static_cast<void*>(this), &o, sizeof(binary));
    std::memcpy(static_cast<void*>(&o), tmp, sizeof(binary));
  }

 private:
  struct buffer {
    std::atomic<std::size_t> refs{1};
    std::byte* bytes() noexcept { return reinterpret_cast<std::byte*>(this + 1); }
  };

  void assign(const void* data, std::size_t size) {
    size_ = size;
    if (is_shared()) {
      void* mem = ::operator new(sizeof(buffer) + size);
      shared_ = new (mem) buffer;
      std::memcpy(shared_->bytes(), data, size);
    } else if (size != 0) {
      std::memcpy(inline_, data, size);
    }
  }
  void release() noexcept {
    // acq_rel: the last owner must see every other owner's reads finished
    // before it frees the buffer (the usual shared_ptr protocol).
    if (is_shared() && shared_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      shared_->~buffer();
      ::operator delete(shared_);
    }
  }

  std::size_t size_ = 0;
  union {
    buffer* shared_;
    char inline_[defaults::shared_binary_threshold];
  };
};

}  // namespace rt
