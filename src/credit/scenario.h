// Which model-lab scenario a firm belongs to, by its GB/T 4754-2017 industry division: the
// scenario whose champion scorecard scores it (general when its own scenario has none).
#pragma once

#include <string_view>

namespace rx::credit {

// "shipping": G55 water transport, G58 multimodal transport and forwarding;
// "trade": F51 wholesale, F52 retail;
// "sci_tech": I63-I65 telecoms, internet, software and IT services; M73 research and
//             experimental development, M74 professional technical services, M75 technology
//             promotion;
// "general": every other division.
std::string_view scenario_of(std::string_view industry);

}  // namespace rx::credit
