// The evaluation report of a model on labelled data: what `rongxin lab eval` prints and what
// the model registry keeps for the portal's plots. Odds convention good:bad throughout.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "lab/dataset.h"
#include "lab/model.h"

namespace rx::lab {

// {algorithm, rows, bad, auc, ks, ks_at_pd, gini, odds_convention, confusion{...},
//  calibration[{count, mean_pd, observed_bad_rate}], roc[[fpr, tpr]], ks_curve[[share, tpr-fpr]],
//  and for scorecards: csi{variable: {csi, alarm}}, ks_at_score,
//  score_distribution[{from, to, good, bad}]}. Undefined metrics are null.
// REQUIRES: pd.size() == data.rows() and data has a target.
nlohmann::json evaluation_report(const Model& model, const Dataset& data,
                                 const std::vector<double>& pd);

}  // namespace rx::lab
