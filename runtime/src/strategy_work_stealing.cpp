#include "strategy_work_stealing.hpp"

namespace rt::detail {

std::unique_ptr<strategy> make_work_stealing(runtime_core& rt) { return std::make_unique<default_work_stealing>(rt); }

}  // namespace rt::detail
