// argmax, predicted_class, confusion_matrix, confusion() and accuracy::of over std::array, C
// arrays, std::span and std::vector, with one-hot or class-index targets.
#include <ctmlp/ctmlp.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "catch.hpp"

namespace {

// A 2-input, 3-class linear classifier whose scores are x0, x1 and 0.5: class 0 when x0 is the
// largest, 1 when x1 is, 2 when both are below 0.5.
using net3 = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::softmax>>;
constexpr net3 make_net3() {
    net3 n{};
    n.layer<1>().weights = {1, 0, 0,   // from x0
                            0, 1, 0};  // from x1
    n.layer<1>().bias = {0, 0, 0.5};
    return n;
}

// One sigmoid output: class 1 when x > 0.
using net1 = ctmlp::network<float, ctmlp::input<1>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr net1 make_net1() {
    net1 n{};
    n.layer<1>().weights = {4.0f};
    return n;
}

inline constexpr std::array<net3::input_array, 6> xs3{
    {{0.9, 0.1}, {0.2, 0.8}, {0.1, 0.2}, {0.3, 0.9}, {0.7, 0.6}, {0.2, 0.1}}};
// predicted classes:                                   0           1           2           1           0           2
inline constexpr std::array<std::size_t, 6> labels3{0, 1, 2, 0, 2, 2};  // samples 3 and 4 wrong
inline constexpr std::array<net3::output_array, 6> onehot3{
    {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}, {0, 0, 1}, {0, 0, 1}}};

}  // namespace

TEST_CASE("argmax: the first maximum; NaN wins", "[classify]") {
    STATIC_REQUIRE((ctmlp::argmax(std::array<double, 4>{1, 3, 2, 3}) == 1));
    STATIC_REQUIRE((ctmlp::argmax(std::array<float, 1>{-5.0f}) == 0));
    STATIC_REQUIRE((ctmlp::argmax(std::array<int, 3>{-1, -2, -3}) == 0));
    CHECK(ctmlp::argmax(std::array<double, 3>{-1, -2, 7}) == 2);
    CHECK(ctmlp::argmax(std::array<double, 3>{-std::numeric_limits<double>::infinity(), -1e300, -2e300}) == 1);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(ctmlp::argmax(std::array<double, 3>{1, nan, 7}) == 1);
    CHECK(ctmlp::argmax(std::array<double, 3>{nan, 9, 7}) == 0);
    CHECK(ctmlp::argmax(std::array<double, 3>{1, 9, nan}) == 2);
    CHECK(ctmlp::predicted_class(std::array<double, 3>{1, 9, nan}) == ctmlp::no_class);
    CHECK(ctmlp::predicted_class(std::array<double, 3>{1, 9, 2}) == 1);
    CHECK(ctmlp::predicted_class(std::array<float, 1>{0.7f}) == 1);
    CHECK(ctmlp::predicted_class(std::array<float, 1>{0.5f}) == 0);
    CHECK(ctmlp::predicted_class(std::array<float, 1>{std::numeric_limits<float>::quiet_NaN()}) == ctmlp::no_class);
    CHECK(ctmlp::target_class(-1) == ctmlp::no_class);
    CHECK(ctmlp::target_class(std::uint8_t{2}) == 2);
    STATIC_REQUIRE((ctmlp::class_count<1> == 2 && ctmlp::class_count<10> == 10));
}

TEST_CASE("confusion_matrix counts, accuracy, recall, precision", "[classify]") {
    ctmlp::confusion_matrix<3> m{};
    CHECK(m.total() == 0);
    CHECK(m.accuracy() == 0.0);
    CHECK(m.recall(0) == 0.0);
    // truth, predicted
    CHECK(m.add(0, 0));
    CHECK(m.add(0, 0));
    CHECK(m.add(0, 1));
    CHECK(m.add(1, 1));
    CHECK(m.add(2, 1));
    CHECK(m.add(2, 2));
    CHECK_FALSE(m.add(3, 0));                // not a class
    CHECK_FALSE(m.add(1, ctmlp::no_class));  // a NaN output
    CHECK(m(0, 0) == 2);
    CHECK(m(0, 1) == 1);
    CHECK(m(2, 1) == 1);
    CHECK(m(1, 0) == 0);
    CHECK(m.rejected == 2);
    CHECK(m.total() == 8);
    CHECK(m.correct() == 4);
    CHECK(m.accuracy() == 0.5);
    CHECK(m.recall(0) == Approx(2.0 / 3.0));
    CHECK(m.recall(1) == 1.0);
    CHECK(m.recall(2) == 0.5);
    CHECK(m.precision(0) == 1.0);
    CHECK(m.precision(1) == Approx(1.0 / 3.0));
    CHECK(m.precision(2) == 1.0);
    // A class ≥ Classes (what add() rejects) reads as empty instead of past the array (the word
    // after counts[2][2] is `rejected`, 2 here, so an unchecked read would show up).
    CHECK(m(3, 0) == 0);
    CHECK(m(0, 3) == 0);
    CHECK(m(ctmlp::no_class, ctmlp::no_class) == 0);
    CHECK(m.recall(3) == 0.0);
    CHECK(m.precision(3) == 0.0);
    CHECK(m.recall(ctmlp::no_class) == 0.0);
    CHECK(m.precision(7) == 0.0);
}

TEST_CASE("confusion() and accuracy::of over arrays, spans and vectors, both target kinds", "[classify]") {
    const net3 net = make_net3();
    const auto m = ctmlp::confusion(net, xs3, labels3);
    CHECK(m.total() == 6);
    CHECK(m.correct() == 4);
    CHECK(m(0, 0) == 1);
    CHECK(m(0, 1) == 1);  // sample 3
    CHECK(m(2, 0) == 1);  // sample 4
    CHECK(m(2, 2) == 2);
    CHECK(m(1, 1) == 1);
    CHECK(ctmlp::confusion(net, xs3, onehot3) == m);
    CHECK(ctmlp::accuracy::of(net, xs3, labels3) == Approx(4.0 / 6.0));
    CHECK(ctmlp::error_rate::of(net, xs3, onehot3) == Approx(2.0 / 6.0));

    // Other containers and index types.
    const std::vector<net3::input_array> xv(xs3.begin(), xs3.end());
    const std::vector<int> iv{0, 1, 2, 0, 2, 2};
    CHECK(ctmlp::confusion(net, xv, iv) == m);
    CHECK(ctmlp::confusion(net, std::span<const net3::input_array>(xv), std::span<const int>(iv)) == m);
    const std::uint8_t carray[6] = {0, 1, 2, 0, 2, 2};
    CHECK(ctmlp::confusion(net, xs3, carray) == m);
    // A prefix: only the common length is counted.
    CHECK(ctmlp::confusion(net, std::span<const net3::input_array>(xv).first(3), iv).total() == 3);
    CHECK(ctmlp::accuracy::of(net, std::span<const net3::input_array>(xv).first(3), iv) == 1.0);
    // Labels that are not classes count as errors.
    const std::vector<long> bad{0, 1, 2, -1, 7, 2};
    const auto mb = ctmlp::confusion(net, xv, bad);
    CHECK(mb.rejected == 2);
    CHECK(mb.total() == 6);
    CHECK(mb.accuracy() == Approx(4.0 / 6.0));

    // The per-sample metric averages to the same accuracy.
    double mean = 0.0;
    for (std::size_t s = 0; s < 6; ++s) mean += ctmlp::accuracy::value(net.predict(xs3[s]), onehot3[s]);
    CHECK(mean / 6 == Approx(ctmlp::accuracy::of(net, xs3, onehot3)));
}

TEST_CASE("a single sigmoid output is a two-class classifier", "[classify]") {
    const net1 net = make_net1();
    const std::array<net1::input_array, 5> x{{{-2.0f}, {-0.1f}, {0.3f}, {1.5f}, {-0.5f}}};
    const std::array<net1::output_array, 5> y{{{0.0f}, {1.0f}, {1.0f}, {1.0f}, {0.0f}}};
    const std::array<unsigned, 5> labels{0, 1, 1, 1, 0};
    const auto m = ctmlp::confusion(net, x, y);
    STATIC_REQUIRE((decltype(m)::classes == 2));
    CHECK(m.total() == 5);
    CHECK(m(1, 0) == 1);  // -0.1 predicted 0
    CHECK(m.correct() == 4);
    CHECK(ctmlp::confusion(net, x, labels) == m);
    CHECK(ctmlp::accuracy::of(net, x, y) == Approx(0.8));
}

TEST_CASE("classification in a constant expression", "[classify]") {
    constexpr auto m = ctmlp::confusion(make_net3(), xs3, labels3);
    STATIC_REQUIRE((m.total() == 6));
    STATIC_REQUIRE((m.correct() == 4));
    STATIC_REQUIRE((m(0, 1) == 1 && m(2, 0) == 1));
    constexpr double acc = ctmlp::accuracy::of(make_net3(), xs3, onehot3);
    STATIC_REQUIRE((acc > 0.66 && acc < 0.67));
    constexpr auto m1 =
        ctmlp::confusion(make_net1(), std::array<net1::input_array, 2>{{{-1.0f}, {1.0f}}}, std::array<int, 2>{0, 1});
    STATIC_REQUIRE((m1.correct() == 2));
}
