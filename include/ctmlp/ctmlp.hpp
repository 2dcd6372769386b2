// ctmlp — compile-time fixed-size multi-layer perceptrons.
// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// The embedded-clean core: no heap, no exceptions, no RTTI, no iostreams. Host-only helpers
// (printing, files, plots) live in <ctmlp/host/...> and are not included here.
#ifndef CTMLP_CTMLP_HPP
#define CTMLP_CTMLP_HPP

#include <ctmlp/version.hpp>
#include <ctmlp/math.hpp>
#include <ctmlp/scalar.hpp>
#include <ctmlp/activation.hpp>
#include <ctmlp/layer.hpp>
#include <ctmlp/network.hpp>
#include <ctmlp/classify.hpp>
#include <ctmlp/loss.hpp>
#include <ctmlp/backprop.hpp>
#include <ctmlp/memory.hpp>
#include <ctmlp/optimizer.hpp>
#include <ctmlp/train.hpp>
#include <ctmlp/random.hpp>
#include <ctmlp/init.hpp>
#include <ctmlp/fixed_point.hpp>
#include <ctmlp/quantize.hpp>
#include <ctmlp/parameters.hpp>
#include <ctmlp/int8.hpp>
#include <ctmlp/signature.hpp>
#include <ctmlp/serialize.hpp>
#include <ctmlp/type_name.hpp>

#endif
