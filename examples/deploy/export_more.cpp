// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Exports the other networks of examples/deploy/models.hpp, whose generated headers the tests and
// the firmware check:
//
//   wide_model.hpp, wide_expected.hpp   16-32-16-8 (leaky_relu, a no_bias layer; 1,192 parameters)
//                                       and its outputs on four inputs as bits (examples/deploy/)
//   edge_model.hpp                      float parameters at the edges of the format
//   edge_double_model.hpp               the same for double (no 'f' suffix, double subnormals);
//                                       test data, committed in tests/deploy/
//
// Usage: export_more [output directory] [output directory of edge_*.hpp]   (default: the first;
// its networks use ctmlp::portable:: activations, as export_xor's)
#include <cstdio>
#include <string>

#include <ctmlp/host/export.hpp>

#include "models.hpp"

namespace {

namespace host = ctmlp::host;

template <class Write>
bool write_file(const std::string& dir, const char* name, Write write) {
    const std::string path = dir + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
        std::fprintf(stderr, "export_more: cannot open %s for writing\n", path.c_str());
        return false;
    }
    const host::export_result r = write(f);
    if (!r) std::fprintf(stderr, "export_more: %s: %s (index %zu)\n", name, host::to_string(r.status), r.index);
    return std::fclose(f) == 0 && static_cast<bool>(r);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ".";
    const std::string edge_dir = argc > 2 ? argv[2] : dir;
    const std::string tool = "examples/deploy/export_more.cpp";
    namespace d = ctmlp_deploy;

    bool ok = write_file(dir, "wide_model.hpp", [&](std::FILE* f) {
        return host::write_header(f, d::wide_weights,
                                  {.name_space = "wide_model",
                                   .tool = tool,
                                   .source = "16-32-16-8 with random weights (examples/deploy/models.hpp)"});
    });
    ok = write_file(dir, "wide_expected.hpp",
                    [&](std::FILE* f) {
                        return host::write_test_vectors(
                            f, d::wide_weights, std::span{d::wide_inputs},
                            {.prefix = "wide_expected",
                             .tool = tool,
                             .source = "wide_model.hpp's network on this host (ctmlp::portable:: math)"});
                    }) &&
         ok;
    ok = write_file(edge_dir, "edge_model.hpp",
                    [&](std::FILE* f) {
                        return host::write_header(
                            f, d::edge_weights,
                            {.name_space = "deploy_test::edge_model",
                             .tool = tool,
                             .source = "float values at the edges of the format (examples/deploy/models.hpp)",
                             .description = "Not a trained network: 0, -0, subnormals, FLT_MIN, FLT_MAX, ..."});
                    }) &&
         ok;
    ok = write_file(edge_dir, "edge_double_model.hpp",
                    [&](std::FILE* f) {
                        return host::write_header(
                            f, d::edge_double_weights,
                            {.name_space = "deploy_test::edge_double_model",
                             .tool = tool,
                             .source = "double values at the edges of the format (examples/deploy/models.hpp)"});
                    }) &&
         ok;
    if (ok)
        std::printf(
            "export_more: wrote wide_model.hpp, wide_expected.hpp to %s, edge_model.hpp, edge_double_model.hpp to %s\n",
            dir.c_str(), edge_dir.c_str());
    return ok ? 0 : 1;
}
