// The host implementation of the AIE API (AIE2 / AIE-ML semantics).
//
// Kernel sources written for the AIE core include <aie_api/aie.hpp>; compiled for the host they
// find this header instead and run bit-exactly on x86. See docs/AIE_API.md for the semantics and
// for every choice made where AMD's documents are silent.
#pragma once

#ifndef __AIE_ARCH__
#define __AIE_ARCH__ 20
#endif

#include "accum.hpp"
#include "detail/access_check.hpp"
#include "detail/core_state.hpp"
#include "mask.hpp"
#include "types.hpp"
#include "vector.hpp"
// Operations (each header one family).
#include "detail/aie_ops.hpp"
