// Index of the operation headers; each family lives in its own file under ops/.
#pragma once

#include "../ops/load_store.hpp"
#include "../ops/elementwise.hpp"
#include "../ops/compare.hpp"
#include "../ops/reduce.hpp"
#include "../ops/reshape.hpp"
#include "../ops/accumulate.hpp"
#include "../ops/mmul.hpp"
#include "../ops/sliding_mul.hpp"
