// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// Globals for tests/warnings/user.cpp, included after ctmlp's headers or (CTMLP_TEST_GLOBALS_FIRST)
// before them.
#ifndef CTMLP_TESTS_WARNINGS_USER_GLOBALS_HPP
#define CTMLP_TESTS_WARNINGS_USER_GLOBALS_HPP

// Every short name and common word used for a lambda's or a class template member's parameter or
// variable in ctmlp's headers (g++ checks those at instantiation, after the user's globals), and
// more. `index` too: a global variable of that name is fine as long as <strings.h>, which declares
// the function index(), is not included (glibc's C++ headers used here do not).
inline constexpr double a = 1.0, b = 2.0, c = 3.0, d = 4.0, e = 5.0, f = 6.0, g = 7.0, h = 8.0, i = 9.0, k = 10.0,
                        l = 11.0, m = 12.0, n = 13.0, o = 14.0, p = 15.0, q = 16.0, r = 17.0, s = 18.0, t = 19.0,
                        u = 20.0, v = 21.0, w = 22.0, z = 23.0, value = 24.0, index = 25.0, sum = 26.0, acc = 27.0,
                        in = 28.0, out = 29.0, lo = 30.0, hi = 31.0, data = 32.0, scale = 33.0, limit = 34.0,
                        state = 35.0, grad = 36.0, best = 37.0, result = 38.0, status = 39.0, sample = 40.0,
                        target = 41.0, loss = 42.0, step = 43.0, batch = 44.0, epoch = 45.0, rate = 46.0, lr = 47.0,
                        count = 48.0, size = 49.0, total = 50.0, mean = 51.0, first = 52.0, last = 53.0, next = 54.0,
                        prev = 55.0, tmp = 56.0, bound = 57.0, norm = 58.0, delta = 59.0, gradient = 60.0,
                        weight = 61.0, weights = 62.0, bias = 63.0, output = 64.0, input = 65.0, layer = 66.0,
                        from = 67.0, to = 68.0, bad = 69.0, error = 70.0, source = 71.0, product = 72.0, ok = 73.0,
                        cnt = 74.0, len = 75.0, idx = 76.0, pos = 77.0, row = 78.0, col = 79.0, half = 80.0, one = 81.0,
                        zero = 82.0, eps = 83.0, seed = 84.0, bits = 85.0, mask = 86.0, shift = 87.0, key = 88.0,
                        res = 89.0, ret = 90.0, val = 91.0, num = 92.0, den = 93.0, lhs = 94.0, rhs = 95.0, it = 96.0,
                        offset = 97.0, tag = 98.0;

#endif
