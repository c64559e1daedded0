// Emulator paths of the selection operators: the collapse-family kernels of kernels/aie2 in
// dataflow designs laid out as selection_plan.hpp describes (chunks of the vector on up to four
// cores, one per column; a peak phase when the threshold depends on the maximum, combined on
// core (0,3) and broadcast back; then the selection phase over the same chunks, streamed again
// from the host). The host only pads, merges the compacting tiles' chunk results in order and
// counts survivors.
#include "selection_emu.hpp"

#include <aie_api/aie.hpp>
#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "aie2/collapse_common.h"
#include "aie2/kernels.h"
#include "bf16_order.hpp"
#include "emu_runner.hpp"
#include "selection_plan.hpp"
#include "xdna/arch/device.hpp"
#include "xdna/common/error.hpp"
#include "xdna/design/design.hpp"
#include "xdna/emu/emulator.hpp"

namespace xdna::ops::emu {

namespace {

using design::AccessPattern;
using design::Core;
using design::Design;
using design::DType;
using design::TensorType;

enum class Select {
  none,           // reduce-max: the peak phase only
  collapse_rt,    // collapse_rt_bf16 (tau from the Q8 parameter)
  collapse_peak,  // collapse_peak_bf16 (tau from the combined peak)
  compact_q8,     // compact_indexed_bf16 (tau from the Q8 parameter)
  compact_peak,   // compaction with tau = frac * peak in fp32 (pse_collapse's pass 2)
  compact_float,  // compaction with an fp32 tau passed as its bits (top-k's probes)
};

bool needs_peak(Select s) {
  return s == Select::none || s == Select::collapse_peak || s == Select::compact_peak;
}
bool compacts(Select s) {
  return s == Select::compact_q8 || s == Select::compact_peak || s == Select::compact_float;
}

// Words of one compacting chunk result: C bf16 values, C uint32 indices, the count, padded to
// a multiple of 16 words so that the shim's access patterns can cut it into short rows.
std::int64_t packed_words(std::int64_t chunk) {
  return chunk / 2 + chunk + 16;
}

// Runs [first, last) of chunks of `elem` buffer elements as a shim access pattern: a shim BD's
// wrap fields hold at most 1023 words and its outermost iteration at most 64, so each chunk is
// cut into rows of `row` elements and a long run into groups of at most 64 chunks.
std::vector<AccessPattern> chunk_runs(std::int64_t first, std::int64_t last, std::int64_t elem,
                                      std::int64_t row) {
  std::vector<AccessPattern> out;
  for (std::int64_t g = first; g < last; g += 64) {
    const std::int64_t k = std::min<std::int64_t>(64, last - g);
    out.push_back(AccessPattern{g * elem, {k, elem / row, row}, {elem, row, 1}});
  }
  return out;
}

struct Layout {
  detail::SelectionPlan plan;
  Select select = Select::none;
  std::int32_t q8 = 0;
  std::uint16_t seed = 0;  // peak phase start value
};

Design build(const Layout& L) {
  const auto& plan = L.plan;
  const auto C = static_cast<std::int64_t>(plan.chunk);
  const int T = static_cast<int>(plan.tiles);
  const bool peak_phase = needs_peak(L.select);
  const bool select_phase = L.select != Select::none;
  const bool broadcast_peak = peak_phase && select_phase;
  const std::string name =
      std::string("ops_") + (L.select == Select::none            ? "reduce_max"
                             : L.select == Select::collapse_rt   ? "collapse"
                             : L.select == Select::collapse_peak ? "collapse_fused"
                             : L.select == Select::compact_q8    ? "compact"
                             : L.select == Select::compact_float ? "topk_probe"
                                                                 : "pse_collapse");
  Design d(arch::npu1(), name);
  const TensorType chunk_t{DType::bf16, {C}};
  const TensorType pair_t{DType::bf16, {2}};  // one bf16 peak, twice: a whole 32-bit word
  const TensorType packed_t{DType::u32, {packed_words(C)}};

  // Peak phase plumbing: partials joined on mem tile (0,1), combined on core (0,3).
  design::FifoRef joined, peak, peak_out;
  std::vector<design::FifoRef> partials;
  const design::TileId combiner = design::core(0, 3);
  if (peak_phase) {
    std::vector<std::int64_t> offsets;
    for (int t = 0; t < T; ++t) {
      partials.push_back(d.object_fifo("partial" + std::to_string(t), pair_t, 1, design::core(t, 2),
                                       {design::mem(0)}));
      offsets.push_back(2 * t);
    }
    joined =
        d.object_fifo("partials", TensorType{DType::bf16, {2 * T}}, 1, design::mem(0), {combiner});
    d.join(partials, joined, offsets);
    if (broadcast_peak) {
      std::vector<design::TileId> to;
      for (int t = 0; t < T; ++t) to.push_back(design::core(t, 2));
      peak = d.object_fifo("peak", pair_t, 1, combiner, to);
    }
    peak_out = d.object_fifo("peak_out", pair_t, 1, combiner, {design::shim(0)});
    std::vector<design::FifoPort> ports = {joined.cons()};
    if (broadcast_peak) ports.push_back(peak.prod());
    ports.push_back(peak_out.prod());
    d.worker("combine", combiner, ports, [=](Core& c) {
      auto in = c.acquire(0);
      std::vector<design::Element> outs;
      for (std::size_t p = 1; p < (broadcast_peak ? 3u : 2u); ++p) outs.push_back(c.acquire(p));
      c.call("max_combine_bf16", [&] {
        max_combine_bf16(in.as<bfloat16>(), outs[0].as<bfloat16>(), static_cast<int32_t>(2 * T));
      });
      bfloat16* first = outs[0].as<bfloat16>();
      first[1] = first[0];
      for (std::size_t o = 1; o < outs.size(); ++o) std::memcpy(outs[o].data, first, 4);
      c.release(0);
      for (std::size_t p = 1; p <= outs.size(); ++p) c.release(p);
    });
  }

  const int in_arg = d.runtime_arg("in", {DType::bf16, {static_cast<std::int64_t>(plan.padded())}});
  int out_arg = -1, peak_arg = -1;
  if (select_phase) {
    out_arg = compacts(L.select)
                  ? d.runtime_arg(
                        "packed",
                        {DType::u32, {static_cast<std::int64_t>(plan.chunks) * packed_words(C)}})
                  : d.runtime_arg("out", {DType::bf16, {static_cast<std::int64_t>(plan.padded())}});
  }
  if (peak_phase) peak_arg = d.runtime_arg("peak", pair_t);

  std::vector<design::FifoRef> ins, outs;
  std::vector<int> rtps;
  for (int t = 0; t < T; ++t) {
    const auto first = static_cast<std::int64_t>(plan.first_chunk(static_cast<std::size_t>(t)));
    const auto count =
        static_cast<std::int64_t>(plan.first_chunk(static_cast<std::size_t>(t) + 1)) - first;
    auto in =
        d.object_fifo("in" + std::to_string(t), chunk_t, 2, design::shim(t), {design::core(t, 2)});
    ins.push_back(in);
    std::vector<design::FifoPort> ports = {in.cons()};
    int port_partial = -1, port_peak = -1, port_out = -1;
    if (peak_phase) {
      port_partial = static_cast<int>(ports.size());
      ports.push_back(partials[static_cast<std::size_t>(t)].prod());
    }
    if (broadcast_peak) {
      port_peak = static_cast<int>(ports.size());
      ports.push_back(peak.cons(t));
    }
    if (select_phase) {
      auto out = compacts(L.select) ? d.object_fifo("packed" + std::to_string(t), packed_t, 2,
                                                    design::core(t, 2), {design::shim(t)})
                                    : d.object_fifo("out" + std::to_string(t), chunk_t, 2,
                                                    design::core(t, 2), {design::shim(t)});
      outs.push_back(out);
      port_out = static_cast<int>(ports.size());
      ports.push_back(out.prod());
    }
    const Select select = L.select;
    const std::uint16_t seed = L.seed;
    const int w = d.worker("select" + std::to_string(t), design::core(t, 2), ports, [=](Core& c) {
      const std::int32_t q = select_phase ? c.rtp(0)[0] : 0;
      const auto n = static_cast<int32_t>(C);
      if (peak_phase) {
        auto p = c.acquire(static_cast<std::size_t>(port_partial));
        bfloat16* running = p.as<bfloat16>();
        running[0] = bfloat16::from_bits(seed);
        for (std::int64_t k = 0; k < count; ++k) {
          auto x = c.acquire(0);
          c.call("reduce_max_running_bf16",
                 [&] { reduce_max_running_bf16(x.as<bfloat16>(), running, n); });
          c.release(0);
        }
        running[1] = running[0];
        c.release(static_cast<std::size_t>(port_partial));
      }
      if (!select_phase) return;
      design::Element g;
      if (broadcast_peak) g = c.acquire(static_cast<std::size_t>(port_peak));
      for (std::int64_t k = 0; k < count; ++k) {
        auto x = c.acquire(0);
        auto y = c.acquire(static_cast<std::size_t>(port_out));
        const bfloat16* xv = x.as<bfloat16>();
        switch (select) {
          case Select::collapse_rt:
            c.call("collapse_rt_bf16", [&] { collapse_rt_bf16(xv, y.as<bfloat16>(), q, n); });
            break;
          case Select::collapse_peak:
            c.call("collapse_peak_bf16",
                   [&] { collapse_peak_bf16(xv, y.as<bfloat16>(), g.as<bfloat16>(), q, n); });
            break;
          case Select::compact_q8: {
            std::uint32_t* words = y.as<std::uint32_t>();
            c.call("compact_indexed_bf16", [&] {
              compact_indexed_bf16(xv, reinterpret_cast<bfloat16*>(words), words + C / 2,
                                   reinterpret_cast<int32_t*>(words + C / 2 + C), q, n);
            });
            break;
          }
          case Select::compact_peak: {
            std::uint32_t* words = y.as<std::uint32_t>();
            // pse_collapse's pass 2 with the combined peak: tau = (q / 256) * peak, fp32.
            c.call("compact_peak_bf16", [&] {
              const float tau =
                  xdna_kernels::q8_to_float(q) * static_cast<float>(g.as<bfloat16>()[0]);
              const int32_t kept = xdna_kernels::compact_scan(
                  xv, reinterpret_cast<bfloat16*>(words), words + C / 2, tau, n);
              words[C / 2 + C] = static_cast<std::uint32_t>(kept);
            });
            break;
          }
          case Select::compact_float: {
            std::uint32_t* words = y.as<std::uint32_t>();
            c.call("compact_tau_bf16", [&] {
              const float tau = std::bit_cast<float>(q);
              const int32_t kept = xdna_kernels::compact_scan(
                  xv, reinterpret_cast<bfloat16*>(words), words + C / 2, tau, n);
              words[C / 2 + C] = static_cast<std::uint32_t>(kept);
            });
            break;
          }
          case Select::none:
            break;
        }
        c.release(0);
        c.release(static_cast<std::size_t>(port_out));
      }
      if (broadcast_peak) c.release(static_cast<std::size_t>(port_peak));
    });
    // mlir-aie's bf16 prologue (FACTS §2); the selections do not depend on it (see selection.cpp).
    d.worker_at(w).rounding = aie::rounding_mode::conv_even;
    if (select_phase) {
      const int rtp = d.runtime_param("q8_" + std::to_string(t), design::core(t, 2));
      d.worker_at(w).rtps = {rtp};
      rtps.push_back(rtp);
    }
  }

  for (int rtp : rtps) d.write_rtp(rtp, {L.q8});
  d.start();
  auto runs = [&](int t, std::int64_t elem, std::int64_t row) {
    return chunk_runs(static_cast<std::int64_t>(plan.first_chunk(static_cast<std::size_t>(t))),
                      static_cast<std::int64_t>(plan.first_chunk(static_cast<std::size_t>(t) + 1)),
                      elem, row);
  };
  const int passes = (peak_phase ? 1 : 0) + (select_phase ? 1 : 0);
  for (int pass = 0; pass < passes; ++pass) {
    for (int t = 0; t < T; ++t) {
      for (const auto& p : runs(t, C, 32)) d.fill(ins[static_cast<std::size_t>(t)], in_arg, p);
    }
  }
  if (select_phase) {
    for (int t = 0; t < T; ++t) {
      const auto patterns = compacts(L.select) ? runs(t, packed_words(C), 16) : runs(t, C, 32);
      for (const auto& p : patterns) d.drain(outs[static_cast<std::size_t>(t)], out_arg, p, false);
    }
  }
  if (peak_phase) d.drain(peak_out, peak_arg, {}, false);
  for (auto& o : outs) d.wait(o);
  if (peak_phase) d.wait(peak_out);
  return d;
}

struct Outcome {
  xdna::emu::Buffers buffers;
  bfloat16 peak = bfloat16(0.0f);
};

Outcome run_layout(std::span<const bfloat16> x, const Layout& L) {
  emu_support::begin_operator();
  const Design d = build(L);
  Outcome o;
  std::vector<std::uint16_t> padded(L.plan.padded(), detail::kNegInfBits);
  std::memcpy(padded.data(), x.data(), x.size_bytes());
  o.buffers.push_back(xdna::emu::to_bytes(padded));
  if (L.select != Select::none) {
    const std::size_t bytes =
        compacts(L.select)
            ? L.plan.chunks *
                  static_cast<std::size_t>(packed_words(static_cast<std::int64_t>(L.plan.chunk))) *
                  4
            : L.plan.padded() * 2;
    o.buffers.emplace_back(bytes);
  }
  if (needs_peak(L.select)) o.buffers.emplace_back(4);
  emu_support::run(d, o.buffers);
  if (needs_peak(L.select)) {
    std::uint16_t bits = 0;
    std::memcpy(&bits, o.buffers.back().data(), 2);
    o.peak = bfloat16::from_bits(bits);
  }
  return o;
}

// Positional outputs: the kernels write x or +0, so a lane survived if its output is not +0, or
// if x itself is +0 and zero passes the threshold (`zero_kept`).
CollapseResult positional_result(std::span<const bfloat16> x, const xdna::emu::Buffer& out,
                                 bool zero_kept) {
  CollapseResult r;
  r.out.resize(x.size());
  std::memcpy(r.out.data(), out.data(), x.size_bytes());
  for (std::size_t i = 0; i < x.size(); ++i) {
    r.survivors += r.out[i].bits() != 0 || (x[i].bits() == 0 && zero_kept);
  }
  return r;
}

// Chunk results in chunk order: survivors with their global index (padding lanes, which can
// only survive a -inf threshold, are dropped), then zeros.
CompactResult merged_result(std::size_t n, const detail::SelectionPlan& plan,
                            const xdna::emu::Buffer& packed) {
  const auto C = plan.chunk;
  const std::size_t words = static_cast<std::size_t>(packed_words(static_cast<std::int64_t>(C)));
  CompactResult r;
  r.out.reserve(n);
  for (std::size_t c = 0; c < plan.chunks; ++c) {
    const auto* w = reinterpret_cast<const std::uint32_t*>(packed.data()) + c * words;
    const auto* values = reinterpret_cast<const bfloat16*>(w);
    const std::uint32_t kept = w[C / 2 + C];
    if (kept > C) {
      throw Error("emulator: compacting tile reported " + std::to_string(kept) +
                  " survivors in a chunk of " + std::to_string(C));
    }
    for (std::uint32_t j = 0; j < kept; ++j) {
      const std::size_t index = c * C + w[C / 2 + j];
      if (index >= n) continue;
      r.out.push_back(values[j]);
      r.indices.push_back(static_cast<std::uint32_t>(index));
    }
  }
  r.count = r.indices.size();
  r.out.resize(n, bfloat16::from_bits(0));
  return r;
}

float q8_value(std::int32_t q) {
  return xdna_kernels::q8_to_float(q);
}

}  // namespace

CollapseResult collapse(std::span<const bfloat16> x, std::int32_t tau_q8) {
  const Layout L{detail::plan_selection(x.size(), detail::kPositionalChunk), Select::collapse_rt,
                 tau_q8, 0};
  const Outcome o = run_layout(x, L);
  const bfloat16 tau = bfloat16(q8_value(tau_q8));
  CollapseResult r = positional_result(x, o.buffers[1], static_cast<float>(tau) <= 0.0f);
  r.tau = tau;
  r.q8 = tau_q8;
  return r;
}

CollapseResult collapse_fused(std::span<const bfloat16> x, std::int32_t frac_q8) {
  const Layout L{detail::plan_selection(x.size(), detail::kPositionalChunk), Select::collapse_peak,
                 frac_q8, kPeakFloorBits};
  const Outcome o = run_layout(x, L);
  const bfloat16 tau = bfloat16(q8_value(frac_q8) * static_cast<float>(o.peak));
  CollapseResult r = positional_result(x, o.buffers[1], static_cast<float>(tau) <= 0.0f);
  r.tau = tau;
  r.q8 = frac_q8;
  r.peak = o.peak;
  return r;
}

CompactResult compact(std::span<const bfloat16> x, std::int32_t tau_q8) {
  const auto plan = detail::plan_selection(x.size(), detail::kCompactChunk);
  const Outcome o = run_layout(x, {plan, Select::compact_q8, tau_q8, 0});
  CompactResult r = merged_result(x.size(), plan, o.buffers[1]);
  r.tau = q8_value(tau_q8);
  r.q8 = tau_q8;
  return r;
}

CompactResult pse_collapse(std::span<const bfloat16> x, std::int32_t frac_q8) {
  const auto plan = detail::plan_selection(x.size(), detail::kCompactChunk);
  const Outcome o = run_layout(x, {plan, Select::compact_peak, frac_q8, kPeakFloorBits});
  CompactResult r = merged_result(x.size(), plan, o.buffers[1]);
  r.tau = q8_value(frac_q8) * static_cast<float>(o.peak);
  r.q8 = frac_q8;
  r.peak = o.peak;
  return r;
}

bfloat16 reduce_max(std::span<const bfloat16> x) {
  const Layout L{detail::plan_selection(x.size(), detail::kPositionalChunk), Select::none, 0,
                 detail::kLowestBits};
  return run_layout(x, L).peak;
}

// Top-k has no kernel of its own: the host bisects over the 65536 bf16 values in order, and
// each probe counts survivors of x >= t with the compaction kernel on the emulated array. The
// answer is the largest t whose count reaches `count`, i.e. the count-th largest value (a zero
// reported as +0, as the CPU path does).
bfloat16 topk_threshold(std::span<const bfloat16> x, std::size_t count) {
  const auto plan = detail::plan_selection(x.size(), detail::kCompactChunk);
  EmulatorRunInfo total;
  total.projected = true;
  auto survivors = [&](std::int16_t key) {
    const float t = static_cast<float>(bfloat16::from_bits(detail::bits_from_key(key)));
    const Outcome o =
        run_layout(x, {plan, Select::compact_float, std::bit_cast<std::int32_t>(t), 0});
    total = emu_support::combined(total, last_emulator_run());
    return merged_result(x.size(), plan, o.buffers[1]).count;
  };
  // Invariant: survivors(lo) >= count (lo = -inf keeps every non-NaN value); every key above hi
  // keeps fewer.
  std::int16_t lo = detail::order_key(detail::kNegInfBits), hi = detail::order_key(0x7f80);
  while (lo < hi) {
    const auto mid = static_cast<std::int16_t>(lo + (hi - lo + 1) / 2);
    if (survivors(mid) >= count) {
      lo = mid;
    } else {
      hi = static_cast<std::int16_t>(mid - 1);
    }
  }
  emu_support::set_last_run(total);
  const std::uint16_t bits = detail::bits_from_key(lo);
  return bfloat16::from_bits(bits == 0x8000 ? std::uint16_t{0} : bits);
}

}  // namespace xdna::ops::emu
