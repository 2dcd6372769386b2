// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Train -> export: writes the XOR network trained by the compiler (models.hpp) as source files for
// a firmware build without a file system (docs/deploy.md):
//
//   xor_model.hpp     the network: `inline constexpr xor_model::network_type xor_model::network`,
//                     its 17 parameters as exact hexadecimal literals (in flash once compiled)
//   xor_expected.hpp  test vectors (C and C++): the four inputs, this host's outputs as IEEE-754
//                     bits, and the parameters/outputs after two more epochs of training
//   xor_model.h       a C11 interface: xor_model_predict(), a caller-owned xor_model_state,
//   xor_model.cpp     xor_model_train_step() ...; the C++ source implementing it
//
// Usage: export_xor [output directory]   (default: the current directory)
// The network's ctmlp::portable:: activations (models.hpp) and -ffp-contract=off make the expected
// outputs those a target computes with ctmlp's own exp/tanh.
#include <cstdio>
#include <string>

#include <ctmlp/host/export.hpp>

#include "models.hpp"

namespace {

namespace host = ctmlp::host;

bool report(const char* file, host::export_result r) {
    if (r) return true;
    std::fprintf(stderr, "export_xor: %s: %s (index %zu)\n", file, host::to_string(r.status), r.index);
    return false;
}

// Opens dir/name, writes it with `write`, closes it; false (with a message) on any failure.
template <class Write>
bool write_file(const std::string& dir, const char* name, Write write) {
    const std::string path = dir + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
        std::fprintf(stderr, "export_xor: cannot open %s for writing\n", path.c_str());
        return false;
    }
    const bool ok = report(name, write(f));
    return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ".";
    const std::string tool = "examples/deploy/export_xor.cpp";
    using ctmlp_deploy::xor_net;

    bool ok = write_file(dir, "xor_model.hpp", [&](std::FILE* f) {
        return host::write_header(f, ctmlp_deploy::xor_trained,
                                  {.name_space = "xor_model",
                                   .tool = tool,
                                   .source = "XOR 2-4-1 trained at compile time (examples/deploy/models.hpp)",
                                   .description = "XOR: tanh hidden layer, sigmoid output; output > 0.5 means true."});
    });
    ok = write_file(dir, "xor_expected.hpp",
                    [&](std::FILE* f) {
                        return host::write_test_vectors(
                            f, ctmlp_deploy::xor_trained, std::span{ctmlp_deploy::xor_x},
                            {.prefix = "xor_expected",
                             .tool = tool,
                             .source = "xor_model.hpp's network on this host (ctmlp::portable:: math)"},
                            {.targets = ctmlp_deploy::xor_y,
                             .learning_rate = ctmlp_deploy::xor_check_rate,
                             .epochs = ctmlp_deploy::xor_check_epochs});
                    }) &&
         ok;

    std::string h, cpp;
    const auto r = host::write_c_interface<xor_net>(h, cpp,
                                                    {.name = "xor_model",
                                                     .network_header = "xor_model.hpp",
                                                     .network = "xor_model::network",
                                                     .tool = tool,
                                                     .source = "C interface to xor_model.hpp",
                                                     .training = true});
    ok = report("xor_model.h", r) && ok;
    if (r) {
        ok = write_file(dir, "xor_model.h", [&](std::FILE* f) { return host::detail::write_all(f, h); }) && ok;
        ok = write_file(dir, "xor_model.cpp", [&](std::FILE* f) { return host::detail::write_all(f, cpp); }) && ok;
    }
    if (ok)
        std::printf("export_xor: wrote xor_model.hpp, xor_expected.hpp, xor_model.h, xor_model.cpp to %s\n",
                    dir.c_str());
    return ok ? 0 : 1;
}
