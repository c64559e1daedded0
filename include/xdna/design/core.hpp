// What a worker's core function sees: the fifo ports it was given, its runtime parameters and
// local buffers, and a way to mark kernel calls. The emulator implements this interface; the
// design layer only declares it so that designs do not depend on the emulator.
//
//   d.worker("scale", {0, 2}, {in.cons(), out.prod()}, [n](design::Core& core) {
//     for (int i = 0; i < n; ++i) {
//       auto a = core.acquire(0);          // port 0 = in.cons()
//       auto b = core.acquire(1);          // port 1 = out.prod()
//       core.call("vector_scale", [&] { vector_scale_i16(a.as<int16_t>(), b.as<int16_t>(), ...);
//       }); core.release(0); core.release(1);
//     }
//   });
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

namespace xdna::design {

// One fifo element (or a runtime-parameter / local buffer) in tile memory.
struct Element {
  std::byte* data = nullptr;
  std::size_t bytes = 0;
  template <typename T>
  T* as() const {
    return reinterpret_cast<T*>(data);
  }
};

class Core {
 public:
  virtual ~Core() = default;
  // IRON's acquire(1): blocks until the port's lock grants one more element, returns it.
  // Elements are handed out in ring order; acquire while holding k elements adds one more.
  virtual Element acquire(std::size_t port) = 0;
  // Releases the `count` oldest held elements of the port (IRON's release(n)).
  virtual void release(std::size_t port, int count = 1) = 0;
  // Runtime parameter i of this worker (int32 words written by the runtime sequence).
  virtual std::span<const std::int32_t> rtp(std::size_t i) = 0;
  // Local (non-fifo) buffer i of this worker, in its tile's memory.
  virtual Element local(std::size_t i) = 0;

  // Runs `fn` as one kernel call named `kernel`: the emulator records begin/end, the core's op
  // counters for that call, and a trace slice.
  template <typename Fn>
  void call(std::string_view kernel, Fn&& fn) {
    begin_kernel(kernel);
    std::forward<Fn>(fn)();
    end_kernel();
  }

 protected:
  virtual void begin_kernel(std::string_view kernel) = 0;
  virtual void end_kernel() = 0;
};

}  // namespace xdna::design
