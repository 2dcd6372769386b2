// expect: integer types are not a ctmlp scalar \(a learning rate of 0\.5 would become 0\): use float, double or ctmlp::fixed<I, F>
#include <ctmlp/ctmlp.hpp>
ctmlp::network<int, ctmlp::input<2>, ctmlp::dense<1, ctmlp::relu>> net;
