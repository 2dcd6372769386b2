// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// What the plain test programs built with -ffast-math share (tests/losses/fast_math.cpp,
// tests/int8/fast_math.cpp; their include directory is tests/): a failure count, NaN and infinity
// made at run time, the closing line. Plain programs (exit status 0 = pass) rather than Catch2,
// whose own checks are not meant for -ffast-math.
#ifndef CTMLP_TESTS_FAST_MATH_CHECK_HPP
#define CTMLP_TESTS_FAST_MATH_CHECK_HPP

#include <cstdio>

namespace fast_math_check {

/// How many checks failed so far.
inline int failures = 0;

/// Counts a failed check and prints what it checked.
inline void expect(bool ok, const char* what) {
    if (!ok) {
        ++failures;
        std::printf("FAILED: %s\n", what);
    }
}

/// A NaN the compiler cannot know of: -ffast-math lets it assume there is none, and fold tests of
/// values it can see.
template <class T>
T nan() {
    volatile T zero = T(0);
    return zero / zero;
}

/// +infinity, likewise made at run time.
template <class T>
T infinity() {
    volatile T zero = T(0);
    volatile T one = T(1);
    return one / zero;
}

/// Prints the closing line of program `name` and returns its exit status (0: every check passed).
inline int report(const char* name) {
    if (failures == 0)
        std::printf("%s: all checks passed\n", name);
    else
        std::printf("%s: FAILED (%d failures)\n", name, failures);
    return failures == 0 ? 0 : 1;
}

}  // namespace fast_math_check

#endif
