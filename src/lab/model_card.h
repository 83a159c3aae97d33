// The model card (模型卡): one self-contained HTML page per registered model, for the people
// who approve and audit models. It states the odds convention, the sample, every variable with
// its bins, WOE and points (scorecards), the metrics on the sample and who made it when.
#pragma once

#include <string>

#include "lab/model.h"
#include "lab/registry.h"

namespace rx::lab {

// REQUIRES: record.report is the JSON of evaluation_report; model is record.model parsed.
std::string model_card_html(const ModelRecord& record, const Model& model,
                            const SampleRecord& sample);

}  // namespace rx::lab
