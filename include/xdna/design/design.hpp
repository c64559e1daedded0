// Dataflow designs in IRON's vocabulary: a Design on a device partition, ObjectFifos of typed
// elements between tiles (broadcast to several consumers, forwarded / split / joined through a
// mem tile), Workers placing a core function on a compute tile, runtime parameters, and the
// Runtime sequence that fills and drains fifos from host buffers. A Design is a plain value:
// build it, validate() it (validate.hpp), run it on the emulator (xdna/emu/).
//
// Placement is explicit (tiles by column and row inside the partition); there is no placer.
// Every fifo hop between two tiles moves by DMA; a worker may use a fifo end on a neighbouring
// core tile whose memory it reaches (see arch::Device::core_reaches).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <aie_api/detail/core_state.hpp>

#include "xdna/arch/device.hpp"
#include "xdna/design/core.hpp"
#include "xdna/design/types.hpp"

namespace xdna::design {

using arch::TileId;

// One end of a fifo on a tile. `dims` is the access pattern the tile's DMA applies to the
// element on this side (IRON: dims_to_stream on the producer, dims_from_stream on a consumer);
// empty = linear. `depth` 0 means the fifo's depth.
struct FifoEnd {
  TileId tile;
  AccessPattern dims;
  int depth = 0;
};

struct ObjectFifo {
  std::string name;
  TensorType type;  // one element
  int depth = 2;
  FifoEnd producer;
  std::vector<FifoEnd> consumers;  // more than one = broadcast
  int end_depth(const FifoEnd& e) const { return e.depth > 0 ? e.depth : depth; }
};

enum class FifoSide { producer, consumer };

// A worker's handle on one fifo end.
struct FifoPort {
  int fifo = -1;
  FifoSide side = FifoSide::consumer;
  int consumer = 0;  // which consumer, for FifoSide::consumer
};

// Handle returned by Design::object_fifo.
struct FifoRef {
  int index = -1;
  FifoPort prod() const { return {index, FifoSide::producer, 0}; }
  FifoPort cons(int consumer = 0) const { return {index, FifoSide::consumer, consumer}; }
};

// How a mem tile connects fifos (IRON's forward / split / join, mlir-aie's objectfifo.link).
enum class LinkKind { forward, split, join };
struct Link {
  LinkKind kind = LinkKind::forward;
  std::vector<int> inputs;            // fifos whose consumer end is on the mem tile
  std::vector<int> outputs;           // fifos whose producer end is on the mem tile
  std::vector<std::int64_t> offsets;  // split/join: element offset of each part in the whole
};

// Small host-written buffer in a core tile's memory (Q8 thresholds and the like).
struct RuntimeParam {
  std::string name;
  TileId tile;
  int words = 1;  // int32 words
};

struct LocalBuffer {
  std::string name;
  TensorType type;
};

struct Worker {
  std::string name;
  TileId tile;
  std::vector<FifoPort> ports;      // Core::acquire(i) uses ports[i]
  std::vector<int> rtps;            // Core::rtp(i) uses runtime param rtps[i]
  std::vector<LocalBuffer> locals;  // Core::local(i)
  std::function<void(Core&)> body;
  // Control-register prologue (FACTS §2). nullopt = hardware reset value (floor / none).
  std::optional<aie::rounding_mode> rounding;
  std::optional<aie::saturation_mode> saturation;
};

struct RuntimeArg {
  std::string name;
  TensorType type;
};

enum class OpKind { start, fill, drain, wait, write_rtp };
struct RuntimeOp {
  OpKind kind = OpKind::start;
  int fifo = -1;                     // fill / drain / wait
  int arg = -1;                      // fill / drain: runtime argument index
  AccessPattern pattern;             // fill / drain, on the host buffer (empty = whole buffer)
  bool wait = false;                 // drain: block the command stream until it completes
  int rtp = -1;                      // write_rtp
  std::vector<std::int32_t> values;  // write_rtp
};

class Design {
 public:
  Design(arch::Device device, std::string name);

  const arch::Device& device() const { return device_; }
  const std::string& name() const { return name_; }

  // Building. Indices are returned for later references; nothing is checked here (validate()).
  FifoRef object_fifo(std::string name, TensorType element, int depth, TileId producer,
                      std::vector<TileId> consumers);
  void dims_to_stream(FifoRef f, AccessPattern dims);                  // producer side
  void dims_from_stream(FifoRef f, int consumer, AccessPattern dims);  // consumer side
  void forward(FifoRef in, FifoRef out);
  void split(FifoRef in, std::vector<FifoRef> outs, std::vector<std::int64_t> offsets);
  void join(std::vector<FifoRef> ins, FifoRef out, std::vector<std::int64_t> offsets);
  int runtime_param(std::string name, TileId tile, int words = 1);
  int worker(std::string name, TileId tile, std::vector<FifoPort> ports,
             std::function<void(Core&)> body);
  Worker& worker_at(int index) { return workers_.at(static_cast<std::size_t>(index)); }

  // Runtime sequence (executed in order, like the host's command stream).
  int runtime_arg(std::string name, TensorType type);
  void start();  // start the workers; inserted first if the sequence never says it
  void fill(FifoRef f, int arg, AccessPattern pattern = {});
  void drain(FifoRef f, int arg, AccessPattern pattern = {}, bool wait = true);
  void wait(FifoRef f);  // block until every transfer issued on the fifo completed
  void write_rtp(int rtp, std::vector<std::int32_t> values);

  const std::vector<ObjectFifo>& fifos() const { return fifos_; }
  std::vector<ObjectFifo>& fifos() { return fifos_; }
  const std::vector<Link>& links() const { return links_; }
  const std::vector<RuntimeParam>& rtps() const { return rtps_; }
  const std::vector<Worker>& workers() const { return workers_; }
  const std::vector<RuntimeArg>& runtime_args() const { return args_; }
  const std::vector<RuntimeOp>& runtime_ops() const { return ops_; }

  // "fifo 'in' consumer 0 on (0,2)" style names used in every message.
  std::string describe(const FifoPort& p) const;

 private:
  arch::Device device_;
  std::string name_;
  std::vector<ObjectFifo> fifos_;
  std::vector<Link> links_;
  std::vector<RuntimeParam> rtps_;
  std::vector<Worker> workers_;
  std::vector<RuntimeArg> args_;
  std::vector<RuntimeOp> ops_;
};

// Convenience tile constructors.
inline TileId shim(int col) {
  return {col, 0};
}
inline TileId mem(int col) {
  return {col, 1};
}
inline TileId core(int col, int row) {
  return {col, row};
}

}  // namespace xdna::design
