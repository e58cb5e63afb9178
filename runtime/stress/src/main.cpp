// rt_stress: the stress suite on its own (the same as `actorbench stress`),
// for the builds that have only the runtime (the sanitizer presets).
#include <iostream>

#include "rt_stress/stress.hpp"

int main(int argc, char** argv) {
  return stress::main("rt_stress", std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
