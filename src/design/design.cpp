// Design building: records what the user asked for; validate() judges it.
#include "xdna/design/design.hpp"

#include <algorithm>

namespace xdna::design {

Design::Design(arch::Device device, std::string name)
    : device_(std::move(device)), name_(std::move(name)) {}

FifoRef Design::object_fifo(std::string name, TensorType element, int depth, TileId producer,
                            std::vector<TileId> consumers) {
  ObjectFifo f;
  f.name = std::move(name);
  f.type = std::move(element);
  f.depth = depth;
  f.producer.tile = producer;
  for (auto t : consumers) f.consumers.push_back(FifoEnd{t, {}, 0});
  fifos_.push_back(std::move(f));
  return FifoRef{static_cast<int>(fifos_.size()) - 1};
}

void Design::dims_to_stream(FifoRef f, AccessPattern dims) {
  fifos_.at(static_cast<std::size_t>(f.index)).producer.dims = std::move(dims);
}

void Design::dims_from_stream(FifoRef f, int consumer, AccessPattern dims) {
  fifos_.at(static_cast<std::size_t>(f.index))
      .consumers.at(static_cast<std::size_t>(consumer))
      .dims = std::move(dims);
}

void Design::forward(FifoRef in, FifoRef out) {
  links_.push_back(Link{LinkKind::forward, {in.index}, {out.index}, {0}});
}

void Design::split(FifoRef in, std::vector<FifoRef> outs, std::vector<std::int64_t> offsets) {
  Link l{LinkKind::split, {in.index}, {}, std::move(offsets)};
  for (auto o : outs) l.outputs.push_back(o.index);
  links_.push_back(std::move(l));
}

void Design::join(std::vector<FifoRef> ins, FifoRef out, std::vector<std::int64_t> offsets) {
  Link l{LinkKind::join, {}, {out.index}, std::move(offsets)};
  for (auto i : ins) l.inputs.push_back(i.index);
  links_.push_back(std::move(l));
}

int Design::runtime_param(std::string name, TileId tile, int words) {
  rtps_.push_back(RuntimeParam{std::move(name), tile, words});
  return static_cast<int>(rtps_.size()) - 1;
}

int Design::worker(std::string name, TileId tile, std::vector<FifoPort> ports,
                   std::function<void(Core&)> body) {
  Worker w;
  w.name = std::move(name);
  w.tile = tile;
  w.ports = std::move(ports);
  w.body = std::move(body);
  workers_.push_back(std::move(w));
  return static_cast<int>(workers_.size()) - 1;
}

int Design::runtime_arg(std::string name, TensorType type) {
  args_.push_back(RuntimeArg{std::move(name), std::move(type)});
  return static_cast<int>(args_.size()) - 1;
}

void Design::start() {
  RuntimeOp op;
  op.kind = OpKind::start;
  ops_.push_back(std::move(op));
}

void Design::fill(FifoRef f, int arg, AccessPattern pattern) {
  RuntimeOp op;
  op.kind = OpKind::fill;
  op.fifo = f.index;
  op.arg = arg;
  op.pattern = std::move(pattern);
  ops_.push_back(std::move(op));
}

void Design::drain(FifoRef f, int arg, AccessPattern pattern, bool wait) {
  RuntimeOp op;
  op.kind = OpKind::drain;
  op.fifo = f.index;
  op.arg = arg;
  op.pattern = std::move(pattern);
  op.wait = wait;
  ops_.push_back(std::move(op));
}

void Design::wait(FifoRef f) {
  RuntimeOp op;
  op.kind = OpKind::wait;
  op.fifo = f.index;
  ops_.push_back(std::move(op));
}

void Design::write_rtp(int rtp, std::vector<std::int32_t> values) {
  RuntimeOp op;
  op.kind = OpKind::write_rtp;
  op.rtp = rtp;
  op.values = std::move(values);
  ops_.push_back(std::move(op));
}

std::string Design::describe(const FifoPort& p) const {
  if (p.fifo < 0 || static_cast<std::size_t>(p.fifo) >= fifos_.size())
    return "fifo #" + std::to_string(p.fifo) + " (no such fifo)";
  const auto& f = fifos_[static_cast<std::size_t>(p.fifo)];
  if (p.side == FifoSide::producer)
    return "fifo '" + f.name + "' producer on " + arch::to_string(f.producer.tile);
  if (p.consumer < 0 || static_cast<std::size_t>(p.consumer) >= f.consumers.size())
    return "fifo '" + f.name + "' consumer #" + std::to_string(p.consumer) + " (no such consumer)";
  return "fifo '" + f.name + "' consumer " + std::to_string(p.consumer) + " on " +
         arch::to_string(f.consumers[static_cast<std::size_t>(p.consumer)].tile);
}

}  // namespace xdna::design
