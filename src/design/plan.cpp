// Derives the per-tile layout of a design: rings of element buffers, lock pairs, DMA channels
// and BDs, and the placement of every buffer in tile memory. Deterministic: the same design
// always gets the same plan, which is what validate() checks and the emulator runs.
#include "xdna/design/plan.hpp"

#include <algorithm>

namespace xdna::design {

std::string_view to_string(DmaDir d) {
  return d == DmaDir::s2mm ? "S2MM" : "MM2S";
}

namespace {

std::uint32_t align_up(std::uint64_t v) {
  return static_cast<std::uint32_t>((v + kBufferAlignment - 1) / kBufferAlignment *
                                    kBufferAlignment);
}

class Planner {
 public:
  explicit Planner(const Design& d) : d_(d) {}

  Plan run() {
    const auto& fifos = d_.fifos();
    plan_.producer.assign(fifos.size(), EndPlan{});
    plan_.consumer.resize(fifos.size());
    for (std::size_t f = 0; f < fifos.size(); ++f)
      plan_.consumer[f].assign(fifos[f].consumers.size(), EndPlan{});

    for (const auto& w : d_.workers())
      if (d_.device().contains(w.tile)) tile(w.tile).buffers.push_back({"stack", kCoreStackBytes});

    plan_links();
    plan_fifo_ends();
    plan_rtps_and_locals();
    plan_shim_bds();
    for (auto& [id, tp] : plan_.tiles) place(tp);
    return std::move(plan_);
  }

 private:
  TilePlan& tile(TileId t) {
    auto it = plan_.tiles.find(t);
    if (it != plan_.tiles.end()) return it->second;
    TilePlan tp;
    tp.tile = t;
    tp.kind = d_.device().kind(t);
    return plan_.tiles.emplace(t, std::move(tp)).first->second;
  }

  int new_lock(TilePlan& tp, std::string name) {
    tp.lock_names.push_back(std::move(name));
    return tp.locks++;
  }

  int new_ring(TileId t, std::string name, std::uint32_t element_bytes, int depth,
               std::vector<std::pair<std::uint32_t, std::uint32_t>> parts) {
    TilePlan& tp = tile(t);
    Ring r;
    r.name = name;
    r.tile = t;
    r.element_bytes = element_bytes;
    r.depth = std::max(depth, 0);
    for (int s = 0; s < r.depth; ++s) {
      r.slots.push_back(static_cast<int>(tp.buffers.size()));
      tp.buffers.push_back({"fifo '" + name + "' [" + std::to_string(s) + "]", element_bytes});
    }
    const bool single = parts.size() == 1;
    for (std::size_t p = 0; p < parts.size(); ++p) {
      Segment seg;
      seg.offset = parts[p].first;
      seg.bytes = parts[p].second;
      const std::string suffix = single ? "" : "[" + std::to_string(p) + "]";
      seg.prod_lock = new_lock(tp, name + suffix + ".prod");
      seg.cons_lock = new_lock(tp, name + suffix + ".cons");
      r.segments.push_back(seg);
    }
    plan_.rings.push_back(std::move(r));
    return static_cast<int>(plan_.rings.size()) - 1;
  }

  int new_channel(TileId t, DmaDir dir, int fifo, int ring, std::vector<int> segments,
                  AccessPattern dims) {
    TilePlan& tp = tile(t);
    DmaChannel c;
    c.tile = t;
    c.dir = dir;
    c.channel = dir == DmaDir::s2mm ? tp.s2mm++ : tp.mm2s++;
    c.fifo = fifo;
    c.ring = ring;
    c.segments = std::move(segments);
    c.dims = std::move(dims);
    if (ring >= 0) {
      c.bds =
          plan_.rings[static_cast<std::size_t>(ring)].depth * static_cast<int>(c.segments.size());
      tp.bds += c.bds;
      // Mem tiles: even-numbered channels draw BDs from one half, odd from the other. S2MM and
      // MM2S channels are numbered separately, so parity is per channel number.
      (c.channel % 2 == 0 ? tp.bds_even : tp.bds_odd) += c.bds;
    }
    plan_.channels.push_back(std::move(c));
    return static_cast<int>(plan_.channels.size()) - 1;
  }

  bool on_device(TileId t) const { return d_.device().contains(t); }
  bool is_kind(TileId t, arch::TileKind k) const {
    return on_device(t) && d_.device().kind(t) == k;
  }

  // Mem-tile links: one ring per link; its segments carry the parts of a split/join.
  void plan_links() {
    const auto& fifos = d_.fifos();
    auto valid = [&](int f) { return f >= 0 && static_cast<std::size_t>(f) < fifos.size(); };
    for (const auto& l : d_.links()) {
      if (l.inputs.empty() || l.outputs.empty()) continue;
      if (!std::all_of(l.inputs.begin(), l.inputs.end(), valid) ||
          !std::all_of(l.outputs.begin(), l.outputs.end(), valid))
        continue;
      const bool joining = l.kind == LinkKind::join;
      const ObjectFifo& whole =
          fifos[static_cast<std::size_t>(joining ? l.outputs[0] : l.inputs[0])];
      if (whole.consumers.empty() && !joining) continue;
      const TileId t = joining ? whole.producer.tile : whole.consumers[0].tile;
      if (!is_kind(t, arch::TileKind::mem)) continue;
      const std::vector<int>& parts_of = joining ? l.inputs : l.outputs;
      const std::size_t whole_es = size_of(whole.type.dtype);
      std::vector<std::pair<std::uint32_t, std::uint32_t>> parts;
      if (l.kind == LinkKind::forward) {
        parts.push_back({0, static_cast<std::uint32_t>(whole.type.bytes())});
      } else {
        for (std::size_t p = 0; p < parts_of.size(); ++p) {
          const auto off = p < l.offsets.size() ? l.offsets[p] : 0;
          parts.push_back({static_cast<std::uint32_t>(off * static_cast<std::int64_t>(whole_es)),
                           static_cast<std::uint32_t>(
                               fifos[static_cast<std::size_t>(parts_of[p])].type.bytes())});
        }
      }
      const int depth =
          joining ? whole.end_depth(whole.producer) : whole.end_depth(whole.consumers[0]);
      const int ring =
          new_ring(t, whole.name, static_cast<std::uint32_t>(whole.type.bytes()), depth, parts);
      std::vector<int> all(parts.size());
      for (std::size_t p = 0; p < parts.size(); ++p) all[p] = static_cast<int>(p);

      for (std::size_t i = 0; i < l.inputs.size(); ++i) {
        const int f = l.inputs[i];
        const auto& fifo = fifos[static_cast<std::size_t>(f)];
        if (fifo.consumers.empty() || fifo.consumers[0].tile != t) continue;
        std::vector<int> segs = joining ? std::vector<int>{static_cast<int>(i)} : all;
        plan_.consumer[static_cast<std::size_t>(f)][0] =
            EndPlan{ring, new_channel(t, DmaDir::s2mm, f, ring, segs, fifo.consumers[0].dims)};
        linked_consumer_.push_back(f);
      }
      for (std::size_t o = 0; o < l.outputs.size(); ++o) {
        const int f = l.outputs[o];
        const auto& fifo = fifos[static_cast<std::size_t>(f)];
        if (fifo.producer.tile != t) continue;
        std::vector<int> segs =
            joining ? all : std::vector<int>{l.kind == LinkKind::split ? static_cast<int>(o) : 0};
        plan_.producer[static_cast<std::size_t>(f)] =
            EndPlan{ring, new_channel(t, DmaDir::mm2s, f, ring, segs, fifo.producer.dims)};
        linked_producer_.push_back(f);
      }
    }
  }

  bool linked(const std::vector<int>& list, int f) const {
    return std::find(list.begin(), list.end(), f) != list.end();
  }

  void plan_fifo_ends() {
    const auto& fifos = d_.fifos();
    for (std::size_t i = 0; i < fifos.size(); ++i) {
      const int f = static_cast<int>(i);
      const ObjectFifo& fifo = fifos[i];
      const TileId pt = fifo.producer.tile;
      if (is_kind(pt, arch::TileKind::shim)) {
        plan_.producer[i] = EndPlan{-1, new_channel(pt, DmaDir::mm2s, f, -1, {}, {})};
      } else if (is_kind(pt, arch::TileKind::core)) {
        const int ring = new_ring(pt, fifo.name, static_cast<std::uint32_t>(fifo.type.bytes()),
                                  fifo.end_depth(fifo.producer),
                                  {{0, static_cast<std::uint32_t>(fifo.type.bytes())}});
        plan_.producer[i] =
            EndPlan{ring, new_channel(pt, DmaDir::mm2s, f, ring, {0}, fifo.producer.dims)};
      }
      for (std::size_t c = 0; c < fifo.consumers.size(); ++c) {
        const FifoEnd& end = fifo.consumers[c];
        if (c == 0 && linked(linked_consumer_, f)) continue;
        if (is_kind(end.tile, arch::TileKind::shim)) {
          plan_.consumer[i][c] = EndPlan{-1, new_channel(end.tile, DmaDir::s2mm, f, -1, {}, {})};
        } else if (is_kind(end.tile, arch::TileKind::core)) {
          const std::string name =
              fifo.consumers.size() > 1 ? fifo.name + "#" + std::to_string(c) : fifo.name;
          const int ring =
              new_ring(end.tile, name, static_cast<std::uint32_t>(fifo.type.bytes()),
                       fifo.end_depth(end), {{0, static_cast<std::uint32_t>(fifo.type.bytes())}});
          plan_.consumer[i][c] =
              EndPlan{ring, new_channel(end.tile, DmaDir::s2mm, f, ring, {0}, end.dims)};
        }
      }
    }
  }

  void plan_rtps_and_locals() {
    for (const auto& p : d_.rtps()) {
      PlacedBuffer b{"rtp '" + p.name + "'", static_cast<std::uint32_t>(std::max(p.words, 0)) * 4u};
      if (on_device(p.tile)) {
        TilePlan& tp = tile(p.tile);
        plan_.rtp_buffer_index.push_back(static_cast<int>(tp.buffers.size()));
        tp.buffers.push_back(b);
      } else {
        plan_.rtp_buffer_index.push_back(-1);
      }
      plan_.rtp_buffers.push_back(b);
    }
    for (const auto& w : d_.workers()) {
      std::vector<int> idx;
      for (const auto& l : w.locals) {
        if (!on_device(w.tile)) {
          idx.push_back(-1);
          continue;
        }
        TilePlan& tp = tile(w.tile);
        idx.push_back(static_cast<int>(tp.buffers.size()));
        tp.buffers.push_back({"local '" + l.name + "' of worker '" + w.name + "'",
                              static_cast<std::uint32_t>(l.type.bytes())});
      }
      plan_.local_buffer_index.push_back(std::move(idx));
    }
  }

  // Shim BDs: each fill/drain task holds one BD until a wait retires the phase.
  void plan_shim_bds() {
    const int cols = std::max(d_.device().columns, 0);
    plan_.shim_bds_peak.assign(static_cast<std::size_t>(cols), 0);
    std::vector<int> live(static_cast<std::size_t>(cols), 0);
    const auto& fifos = d_.fifos();
    for (const auto& op : d_.runtime_ops()) {
      if (op.kind == OpKind::fill || op.kind == OpKind::drain) {
        if (op.fifo < 0 || static_cast<std::size_t>(op.fifo) >= fifos.size()) continue;
        const auto& fifo = fifos[static_cast<std::size_t>(op.fifo)];
        TileId t = op.kind == OpKind::fill
                       ? fifo.producer.tile
                       : (fifo.consumers.empty() ? TileId{-1, -1} : fifo.consumers[0].tile);
        for (const auto& e : fifo.consumers)
          if (op.kind == OpKind::drain && is_kind(e.tile, arch::TileKind::shim)) t = e.tile;
        if (!is_kind(t, arch::TileKind::shim)) continue;
        auto& n = live[static_cast<std::size_t>(t.col)];
        ++n;
        auto& peak = plan_.shim_bds_peak[static_cast<std::size_t>(t.col)];
        peak = std::max(peak, n);
        if (op.kind == OpKind::drain && op.wait) std::fill(live.begin(), live.end(), 0);
      } else if (op.kind == OpKind::wait) {
        std::fill(live.begin(), live.end(), 0);
      }
    }
    for (int c = 0; c < cols; ++c)
      if (plan_.shim_bds_peak[static_cast<std::size_t>(c)] > 0)
        tile({c, d_.device().shim_row}).bds = plan_.shim_bds_peak[static_cast<std::size_t>(c)];
  }

  // Sequential placement, largest buffers first (after the stack); a buffer that fits in one
  // bank never straddles a bank boundary, a larger one spans consecutive banks.
  void place(TilePlan& tp) {
    const auto& res = d_.device().resources(tp.kind);
    tp.bytes_used = 0;
    for (const auto& b : tp.buffers) tp.bytes_used += align_up(b.bytes);
    if (res.data_memory_bytes == 0) return;  // shim: host memory
    std::vector<std::size_t> order(tp.buffers.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const bool sa = tp.buffers[a].name == "stack", sb = tp.buffers[b].name == "stack";
      if (sa != sb) return sa;
      return tp.buffers[a].bytes > tp.buffers[b].bytes;
    });
    const std::uint32_t bank = res.bank_bytes();
    std::uint64_t cursor = 0;
    for (std::size_t i : order) {
      PlacedBuffer& b = tp.buffers[i];
      const std::uint32_t size = align_up(b.bytes);
      if (bank && size > 0 && size <= bank && cursor / bank != (cursor + size - 1) / bank)
        cursor = (cursor / bank + 1) * bank;  // would straddle: start at the next bank
      if (cursor + size > res.data_memory_bytes) continue;  // left unplaced for validate()
      b.offset = static_cast<std::uint32_t>(cursor);
      b.bank = bank ? static_cast<int>(cursor / bank) : 0;
      b.placed = true;
      cursor += size;
    }
  }

  const Design& d_;
  Plan plan_;
  std::vector<int> linked_consumer_, linked_producer_;
};

}  // namespace

Plan make_plan(const Design& design) {
  return Planner(design).run();
}

}  // namespace xdna::design
