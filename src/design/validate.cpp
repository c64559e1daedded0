// validate(): every problem of a design against its device model, with tile, item and numbers.
#include "xdna/design/validate.hpp"

#include <algorithm>
#include <map>

#include "access_check.hpp"
#include "xdna/common/error.hpp"
#include "xdna/design/plan.hpp"

namespace xdna::design {

std::string_view to_string(Rule r) {
  switch (r) {
    case Rule::device:
      return "device";
    case Rule::partition:
      return "partition";
    case Rule::placement:
      return "placement";
    case Rule::structure:
      return "structure";
    case Rule::memory:
      return "memory";
    case Rule::bank:
      return "bank";
    case Rule::locks:
      return "locks";
    case Rule::bds:
      return "bds";
    case Rule::dma_channels:
      return "dma_channels";
    case Rule::access_pattern:
      return "access_pattern";
    case Rule::reach:
      return "reach";
  }
  return "?";
}

std::string Diagnostic::to_string() const {
  return "[" + std::string(design::to_string(rule)) + "] " + message;
}

namespace {

using arch::TileKind;

class Validator {
 public:
  explicit Validator(const Design& d) : d_(d), dev_(d.device()) {}

  std::vector<Diagnostic> run() {
    if (dev_.preview || dev_.columns == 0) {
      add(Rule::device, std::nullopt, dev_.name,
          "device '" + dev_.name +
              "' is a preview model: its array geometry and limits are not "
              "public, so designs cannot be validated or emulated on it");
      return std::move(out_);
    }
    check_fifos();
    check_links();
    check_workers();
    check_runtime();
    check_resources(make_plan(d_));  // the plan skips whatever the checks above rejected
    return std::move(out_);
  }

 private:
  void add(Rule r, std::optional<TileId> t, std::string item, std::string msg) {
    out_.push_back(Diagnostic{r, t, std::move(item), std::move(msg)});
  }

  std::string tile_text(TileId t) const {
    if (!dev_.contains(t)) return arch::to_string(t);
    return std::string(arch::to_string(dev_.kind(t))) + " tile " + arch::to_string(t);
  }

  bool in_partition(TileId t, const std::string& item, const std::string& what) {
    if (dev_.contains(t)) return true;
    add(Rule::partition, t, item,
        what + " is on " + arch::to_string(t) + ", outside the " + dev_.name +
            " partition (columns 0.." + std::to_string(dev_.columns - 1) + ", rows 0.." +
            std::to_string(dev_.rows - 1) + ")");
    return false;
  }

  const ObjectFifo* fifo(int i) const {
    if (i < 0 || static_cast<std::size_t>(i) >= d_.fifos().size()) return nullptr;
    return &d_.fifos()[static_cast<std::size_t>(i)];
  }

  bool in_link(int f, bool as_input) const {
    for (const auto& l : d_.links()) {
      const auto& v = as_input ? l.inputs : l.outputs;
      if (std::find(v.begin(), v.end(), f) != v.end()) return true;
    }
    return false;
  }

  void check_fifos() {
    const auto& fifos = d_.fifos();
    for (std::size_t i = 0; i < fifos.size(); ++i) {
      const ObjectFifo& f = fifos[i];
      const std::string item = "fifo '" + f.name + "'";
      if (f.type.count() <= 0)
        add(Rule::structure, std::nullopt, item,
            item + " has an empty element type " + f.type.to_string());
      if (f.consumers.empty())
        add(Rule::structure, f.producer.tile, item, item + " has no consumer");
      auto check_depth = [&](const FifoEnd& e, const std::string& side) {
        const int depth = f.end_depth(e);
        const int max = dev_.contains(e.tile) ? dev_.resources(e.tile).lock_value_max : 63;
        if (depth < 1 || depth > max)
          add(Rule::locks, e.tile, item,
              item + " " + side + " on " + arch::to_string(e.tile) + ": depth " +
                  std::to_string(depth) + " outside 1.." + std::to_string(max) +
                  " (a lock counts free elements and holds 0.." + std::to_string(max) + ")");
      };
      if (in_partition(f.producer.tile, item, item + " producer")) {
        check_depth(f.producer, "producer");
        if (dev_.kind(f.producer.tile) == TileKind::mem && !in_link(static_cast<int>(i), false))
          add(Rule::placement, f.producer.tile, item,
              item + " producer is on mem tile " + arch::to_string(f.producer.tile) +
                  " but no forward/split/join link feeds it: a mem tile only moves data between "
                  "fifos");
      }
      for (std::size_t c = 0; c < f.consumers.size(); ++c) {
        const FifoEnd& e = f.consumers[c];
        const std::string side = "consumer " + std::to_string(c);
        if (!in_partition(e.tile, item, item + " " + side)) continue;
        check_depth(e, side);
        if (e.tile == f.producer.tile)
          add(Rule::structure, e.tile, item,
              item + " " + side + " is on its producer's tile " + arch::to_string(e.tile) +
                  "; use a local buffer instead");
        if (dev_.kind(e.tile) == TileKind::mem && (c != 0 || !in_link(static_cast<int>(i), true)))
          add(Rule::placement, e.tile, item,
              item + " " + side + " is on mem tile " + arch::to_string(e.tile) +
                  " but is not the input of a forward/split/join link: a mem tile only moves data "
                  "between fifos");
        if (dev_.kind(e.tile) == TileKind::mem && f.consumers.size() > 1)
          add(Rule::placement, e.tile, item,
              item + " broadcasts to " + std::to_string(f.consumers.size()) +
                  " consumers and one of them is a mem tile; link the mem tile first and broadcast "
                  "from it");
      }
    }
  }

  void check_links() {
    for (std::size_t li = 0; li < d_.links().size(); ++li) {
      const Link& l = d_.links()[li];
      const char* kind = l.kind == LinkKind::forward ? "forward"
                         : l.kind == LinkKind::split ? "split"
                                                     : "join";
      std::string item = std::string(kind) + " link #" + std::to_string(li);
      bool ok = !l.inputs.empty() && !l.outputs.empty();
      for (int f : l.inputs) ok = ok && fifo(f);
      for (int f : l.outputs) ok = ok && fifo(f);
      if (!ok) {
        add(Rule::structure, std::nullopt, item,
            item + " names a fifo that does not exist or has no inputs/outputs");
        continue;
      }
      const bool joining = l.kind == LinkKind::join;
      if (l.kind == LinkKind::forward && (l.inputs.size() != 1 || l.outputs.size() != 1)) {
        add(Rule::structure, std::nullopt, item, item + " must have one input and one output");
        continue;
      }
      if ((l.kind == LinkKind::split && l.inputs.size() != 1) ||
          (joining && l.outputs.size() != 1)) {
        add(Rule::structure, std::nullopt, item,
            item + (joining ? " must have one output" : " must have one input"));
        continue;
      }
      const ObjectFifo& whole = *fifo(joining ? l.outputs[0] : l.inputs[0]);
      item = std::string(kind) + " link of fifo '" + whole.name + "'";
      if (whole.consumers.empty()) continue;
      const TileId t = joining ? whole.producer.tile : whole.consumers[0].tile;
      if (!dev_.contains(t)) continue;
      if (dev_.kind(t) != TileKind::mem) {
        add(Rule::placement, t, item,
            item + " is on " + tile_text(t) + "; links run on mem tiles (row " +
                std::to_string(dev_.mem_row_first) + ")");
        continue;
      }
      for (int fi : l.inputs) {
        const ObjectFifo& f = *fifo(fi);
        if (f.consumers.empty() || f.consumers[0].tile != t)
          add(Rule::structure, t, item,
              item + ": input fifo '" + f.name + "' does not arrive at mem tile " +
                  arch::to_string(t));
      }
      for (int fo : l.outputs) {
        const ObjectFifo& f = *fifo(fo);
        if (f.producer.tile != t)
          add(Rule::structure, t, item,
              item + ": output fifo '" + f.name + "' does not leave from mem tile " +
                  arch::to_string(t));
      }
      if (l.kind == LinkKind::forward) {
        const ObjectFifo& out = *fifo(l.outputs[0]);
        if (out.type.bytes() != whole.type.bytes())
          add(Rule::structure, t, item,
              item + ": forwards " + std::to_string(whole.type.bytes()) +
                  " B elements into fifo '" + out.name + "' of " +
                  std::to_string(out.type.bytes()) + " B");
        continue;
      }
      const auto& parts = joining ? l.inputs : l.outputs;
      if (l.offsets.size() != parts.size()) {
        add(Rule::structure, t, item,
            item + " has " + std::to_string(parts.size()) + " parts but " +
                std::to_string(l.offsets.size()) + " offsets");
        continue;
      }
      const auto es = static_cast<std::int64_t>(size_of(whole.type.dtype));
      for (std::size_t p = 0; p < parts.size(); ++p) {
        const ObjectFifo& part = *fifo(parts[p]);
        const std::int64_t begin = l.offsets[p] * es;
        const std::int64_t end = begin + static_cast<std::int64_t>(part.type.bytes());
        if (begin < 0 || end > static_cast<std::int64_t>(whole.type.bytes()))
          add(Rule::structure, t, item,
              item + ": part " + std::to_string(p) + " (fifo '" + part.name + "', " +
                  std::to_string(part.type.bytes()) + " B at byte " + std::to_string(begin) +
                  ") does not fit the " + std::to_string(whole.type.bytes()) + " B element");
      }
    }
  }

  void check_workers() {
    std::map<std::pair<int, int>, std::string> users;  // (fifo, end) -> worker
    for (const Worker& w : d_.workers()) {
      const std::string item = "worker '" + w.name + "'";
      if (!in_partition(w.tile, item, item)) continue;
      if (dev_.kind(w.tile) != TileKind::core) {
        add(Rule::placement, w.tile, item,
            item + " is placed on " + tile_text(w.tile) +
                "; core functions run only on core rows " + std::to_string(dev_.core_row_first) +
                ".." + std::to_string(dev_.core_row_first + dev_.core_rows - 1));
        continue;
      }
      if (!w.body) add(Rule::structure, w.tile, item, item + " has no core function");
      for (std::size_t pi = 0; pi < w.ports.size(); ++pi) {
        const FifoPort& p = w.ports[pi];
        const ObjectFifo* f = fifo(p.fifo);
        if (!f ||
            (p.side == FifoSide::consumer &&
             (p.consumer < 0 || static_cast<std::size_t>(p.consumer) >= f->consumers.size()))) {
          add(Rule::structure, w.tile, item,
              item + " port " + std::to_string(pi) + " names " + d_.describe(p));
          continue;
        }
        const FifoEnd& end = p.side == FifoSide::producer
                                 ? f->producer
                                 : f->consumers[static_cast<std::size_t>(p.consumer)];
        const int end_id = p.side == FifoSide::producer ? -1 : p.consumer;
        auto [it, fresh] = users.emplace(std::pair{p.fifo, end_id}, w.name);
        if (!fresh)
          add(Rule::structure, w.tile, item,
              d_.describe(p) + " is used by both worker '" + it->second + "' and " + item +
                  "; one end has one user");
        if (!dev_.contains(end.tile)) continue;
        if (dev_.kind(end.tile) != TileKind::core)
          add(Rule::reach, w.tile, item,
              item + " on " + arch::to_string(w.tile) + " uses " + d_.describe(p) +
                  ", but cores cannot "
                  "access " +
                  std::string(arch::to_string(dev_.kind(end.tile))) +
                  "-tile memory; end the fifo on a core tile");
        else if (!dev_.core_reaches(w.tile, end.tile))
          add(Rule::reach, w.tile, item,
              item + " on " + arch::to_string(w.tile) + " uses " + d_.describe(p) +
                  ", whose memory it cannot reach (a core reaches its own tile and the west, north "
                  "and "
                  "south core tiles)");
      }
      for (int r : w.rtps) {
        if (r < 0 || static_cast<std::size_t>(r) >= d_.rtps().size()) {
          add(Rule::structure, w.tile, item,
              item + " names runtime parameter #" + std::to_string(r) + ", which does not exist");
          continue;
        }
        const RuntimeParam& rp = d_.rtps()[static_cast<std::size_t>(r)];
        if (dev_.contains(rp.tile) && !dev_.core_reaches(w.tile, rp.tile))
          add(Rule::reach, w.tile, item,
              item + " on " + arch::to_string(w.tile) + " reads runtime parameter '" + rp.name +
                  "' on " + tile_text(rp.tile) + ", which it cannot reach");
      }
    }
    for (const RuntimeParam& rp : d_.rtps()) {
      const std::string item = "runtime parameter '" + rp.name + "'";
      if (in_partition(rp.tile, item, item) && dev_.kind(rp.tile) != TileKind::core)
        add(Rule::placement, rp.tile, item,
            item + " is on " + tile_text(rp.tile) +
                "; runtime parameters live in core tile memory");
      if (rp.words < 1)
        add(Rule::structure, rp.tile, item, item + " has " + std::to_string(rp.words) + " words");
    }
    // Every core-tile fifo end needs exactly one worker, or its lock would never move.
    for (std::size_t i = 0; i < d_.fifos().size(); ++i) {
      const ObjectFifo& f = d_.fifos()[i];
      auto need = [&](const FifoEnd& e, int end_id, const std::string& side) {
        if (!dev_.contains(e.tile) || dev_.kind(e.tile) != TileKind::core) return;
        if (!users.count({static_cast<int>(i), end_id}))
          add(Rule::structure, e.tile, "fifo '" + f.name + "'",
              "fifo '" + f.name + "' " + side + " on core tile " + arch::to_string(e.tile) +
                  " is not used by any worker: nothing would ever " +
                  (end_id < 0 ? "produce its elements" : "release its elements"));
      };
      need(f.producer, -1, "producer");
      for (std::size_t c = 0; c < f.consumers.size(); ++c)
        need(f.consumers[c], static_cast<int>(c), "consumer " + std::to_string(c));
    }
  }

  void check_runtime() {
    const auto& args = d_.runtime_args();
    for (std::size_t oi = 0; oi < d_.runtime_ops().size(); ++oi) {
      const RuntimeOp& op = d_.runtime_ops()[oi];
      const std::string item = "runtime op #" + std::to_string(oi);
      if (op.kind == OpKind::start) continue;
      if (op.kind == OpKind::write_rtp) {
        if (op.rtp < 0 || static_cast<std::size_t>(op.rtp) >= d_.rtps().size()) {
          add(Rule::structure, std::nullopt, item,
              item + " writes runtime parameter #" + std::to_string(op.rtp) +
                  ", which does not exist");
        } else if (static_cast<int>(op.values.size()) >
                   d_.rtps()[static_cast<std::size_t>(op.rtp)].words) {
          const auto& rp = d_.rtps()[static_cast<std::size_t>(op.rtp)];
          add(Rule::structure, rp.tile, item,
              item + " writes " + std::to_string(op.values.size()) +
                  " words into runtime parameter '" + rp.name + "' of " + std::to_string(rp.words));
        }
        continue;
      }
      const ObjectFifo* f = fifo(op.fifo);
      if (!f) {
        add(Rule::structure, std::nullopt, item,
            item + " names fifo #" + std::to_string(op.fifo) + ", which does not exist");
        continue;
      }
      if (op.kind == OpKind::wait) continue;
      const bool filling = op.kind == OpKind::fill;
      const std::string what = (filling ? "fill of fifo '" : "drain of fifo '") + f->name + "'";
      std::optional<TileId> shim_tile;
      if (filling && dev_.contains(f->producer.tile) &&
          dev_.kind(f->producer.tile) == TileKind::shim)
        shim_tile = f->producer.tile;
      for (const auto& e : f->consumers)
        if (!filling && dev_.contains(e.tile) && dev_.kind(e.tile) == TileKind::shim)
          shim_tile = e.tile;
      if (!shim_tile) {
        add(Rule::structure, std::nullopt, what,
            "runtime " + what + ": the fifo has no " + (filling ? "producer" : "consumer") +
                " on a shim tile, so the host cannot " + (filling ? "fill" : "drain") + " it");
        continue;
      }
      if (op.arg < 0 || static_cast<std::size_t>(op.arg) >= args.size()) {
        add(Rule::structure, shim_tile, what,
            "runtime " + what + " names buffer #" + std::to_string(op.arg) +
                " but the sequence has " + std::to_string(args.size()));
        continue;
      }
      const RuntimeArg& arg = args[static_cast<std::size_t>(op.arg)];
      const std::size_t es = size_of(arg.type.dtype);
      const std::int64_t count = op.pattern.empty() ? arg.type.count() : op.pattern.count();
      const std::uint64_t bytes = static_cast<std::uint64_t>(count) * es;
      const std::size_t elem = f->type.bytes();
      if (elem && bytes % elem != 0)
        add(Rule::structure, shim_tile, what,
            "runtime " + what + " moves " + std::to_string(bytes) + " B from buffer '" + arg.name +
                "', not a multiple of the fifo's " + std::to_string(elem) + " B element");
      detail::check_access_pattern(op.pattern, es, dev_.shim.bd, TileKind::shim, arg.type.count(),
                                   "buffer '" + arg.name + "'",
                                   "runtime " + what + " (buffer '" + arg.name + "')", shim_tile,
                                   out_);
    }
  }

  void check_resources(const Plan& plan) {
    for (const auto& [t, tp] : plan.tiles) {
      const auto& res = dev_.resources(tp.kind);
      const std::string where = tile_text(t);
      if (res.data_memory_bytes) {
        if (tp.bytes_used > res.data_memory_bytes) {
          add(Rule::memory, t, where,
              where + ": buffers need " + std::to_string(tp.bytes_used) + " B but a " +
                  std::string(arch::to_string(tp.kind)) + " tile has " +
                  std::to_string(res.data_memory_bytes) + " B (" + list_buffers(tp) + ")");
        } else {
          for (const auto& b : tp.buffers)
            if (!b.placed)
              add(Rule::bank, t, b.name,
                  where + ": " + b.name + " (" + std::to_string(b.bytes) +
                      " B) fits no bank: " + std::to_string(tp.bytes_used) + " B fit the " +
                      std::to_string(res.data_memory_bytes) +
                      " B in total but buffers may not straddle the " +
                      std::to_string(res.memory_banks) + " banks of " +
                      std::to_string(res.bank_bytes()) + " B (" + list_buffers(tp) + ")");
        }
      }
      if (tp.locks > res.locks)
        add(Rule::locks, t, where,
            where + ": needs " + std::to_string(tp.locks) + " locks but has " +
                std::to_string(res.locks) + " (" + join(tp.lock_names) + ")");
      if (tp.bds > res.bds)
        add(Rule::bds, t, where,
            where + ": needs " + std::to_string(tp.bds) + " buffer descriptors but has " +
                std::to_string(res.bds) + channel_bds(plan, t));
      else if (tp.kind == TileKind::mem && (tp.bds_even > res.bds / 2 || tp.bds_odd > res.bds / 2))
        add(Rule::bds, t, where,
            where + ": even channels need " + std::to_string(tp.bds_even) +
                " BDs and odd channels " + std::to_string(tp.bds_odd) + "; each half has " +
                std::to_string(res.bds / 2) + channel_bds(plan, t));
      if (tp.s2mm > res.dma_s2mm_channels)
        add(Rule::dma_channels, t, where,
            where + ": " + std::to_string(tp.s2mm) +
                " incoming fifos need S2MM channels but it has " +
                std::to_string(res.dma_s2mm_channels) + " (" +
                channel_fifos(plan, t, DmaDir::s2mm) + ")");
      if (tp.mm2s > res.dma_mm2s_channels)
        add(Rule::dma_channels, t, where,
            where + ": " + std::to_string(tp.mm2s) +
                " outgoing fifos need MM2S channels but it has " +
                std::to_string(res.dma_mm2s_channels) + " (" +
                channel_fifos(plan, t, DmaDir::mm2s) + ")");
    }
    // Fifo-end access patterns against the BD limits of the tile that applies them.
    for (const auto& c : plan.channels) {
      if (c.ring < 0 || c.dims.empty()) continue;
      const ObjectFifo& f = d_.fifos()[static_cast<std::size_t>(c.fifo)];
      const Ring& r = plan.rings[static_cast<std::size_t>(c.ring)];
      const std::size_t es = size_of(f.type.dtype);
      // Dims apply to each visited segment (each part of a split/join) separately.
      std::uint64_t seg_bytes = r.segments[static_cast<std::size_t>(c.segments.front())].bytes;
      const std::string what = "fifo '" + f.name + "' " + std::string(to_string(c.dir)) + " on " +
                               arch::to_string(c.tile);
      const std::int64_t elems = static_cast<std::int64_t>(seg_bytes / es);
      detail::check_access_pattern(c.dims, es, dev_.resources(c.tile).bd, dev_.kind(c.tile), elems,
                                   "its element", what, c.tile, out_);
      if (c.dims.count() != elems)
        add(Rule::access_pattern, c.tile, what,
            what + ": dims visit " + std::to_string(c.dims.count()) + " elements but " +
                (c.segments.size() > 1 ? std::string("each part") : std::string("an element")) +
                " has " + std::to_string(elems));
    }
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  }

  // "stack 1024 B, fifo 'in' 2x16384 B, ...": the slots of one fifo end are grouped.
  static std::string list_buffers(const TilePlan& tp) {
    std::vector<std::pair<std::string, std::uint32_t>> groups;
    std::vector<int> counts;
    for (const auto& b : tp.buffers) {
      std::string base = b.name;
      if (auto pos = base.rfind(" ["); pos != std::string::npos && base.back() == ']')
        base.resize(pos);
      if (!groups.empty() && groups.back().first == base && groups.back().second == b.bytes) {
        ++counts.back();
      } else {
        groups.push_back({base, b.bytes});
        counts.push_back(1);
      }
    }
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < groups.size(); ++i)
      parts.push_back(groups[i].first + " " +
                      (counts[i] > 1 ? std::to_string(counts[i]) + "x" : std::string()) +
                      std::to_string(groups[i].second) + " B");
    return join(parts);
  }

  std::string channel_bds(const Plan& plan, TileId t) const {
    std::vector<std::string> parts;
    for (const auto& c : plan.channels)
      if (c.tile == t && c.bds)
        parts.push_back(std::string(to_string(c.dir)) + " " + std::to_string(c.channel) +
                        " fifo '" + d_.fifos()[static_cast<std::size_t>(c.fifo)].name + "' " +
                        std::to_string(c.bds));
    if (dev_.kind(t) == TileKind::shim)
      return " (" + std::to_string(plan.shim_bds_peak[static_cast<std::size_t>(t.col)]) +
             " runtime transfers in flight before a wait)";
    return " (" + join(parts) + ")";
  }

  std::string channel_fifos(const Plan& plan, TileId t, DmaDir dir) const {
    std::vector<std::string> parts;
    for (const auto& c : plan.channels)
      if (c.tile == t && c.dir == dir)
        parts.push_back("'" + d_.fifos()[static_cast<std::size_t>(c.fifo)].name + "'");
    return join(parts);
  }

  const Design& d_;
  const arch::Device& dev_;
  std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<Diagnostic> validate(const Design& design) {
  return Validator(design).run();
}

void require_valid(const Design& design) {
  auto diags = validate(design);
  if (diags.empty()) return;
  std::string msg = "design '" + design.name() + "' on " + design.device().name +
                    " failed validation (" + std::to_string(diags.size()) + " problem" +
                    (diags.size() > 1 ? "s" : "") + "):";
  for (const auto& d : diags) msg += "\n  " + d.to_string();
  throw DeviceLimitError(msg);
}

}  // namespace xdna::design
