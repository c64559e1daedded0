// Index of the operation headers; each family lives in its own file under ops/.
#pragma once

#include "../ops/accumulate.hpp"
#include "../ops/compare.hpp"
#include "../ops/elementwise.hpp"
#include "../ops/load_store.hpp"
#include "../ops/mmul.hpp"
#include "../ops/operators.hpp"
#include "../ops/reduce.hpp"
#include "../ops/reshape.hpp"
#include "../ops/sliding_mul.hpp"
