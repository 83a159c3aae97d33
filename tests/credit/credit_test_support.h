// Shared by the credit tests: the shipped catalogue, indicator library and composite model.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "catalog/loader.h"
#include "credit/composite.h"
#include "credit/indicator_library.h"

namespace rx::credit::testing {

inline std::string source_dir() {
  const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
  return dir ? dir : ".";
}

inline const catalog::Catalog& shipped_catalog() {
  static const catalog::Catalog c = [] {
    auto loaded = catalog::load_catalog(source_dir() + "/data/catalog");
    EXPECT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    return loaded.is_ok() ? *loaded : catalog::Catalog{};
  }();
  return c;
}

inline const IndicatorLibrary& shipped_library() {
  static const IndicatorLibrary lib = [] {
    auto loaded =
        load_indicator_library(source_dir() + "/data/credit/indicators.toml", shipped_catalog());
    EXPECT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    return loaded.is_ok() ? *loaded : IndicatorLibrary{};
  }();
  return lib;
}

inline const CompositeModel& shipped_model() {
  static const CompositeModel model = [] {
    auto loaded =
        load_composite_model(source_dir() + "/data/credit/composite.toml", shipped_library());
    EXPECT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    return loaded.is_ok() ? *loaded : CompositeModel{};
  }();
  return model;
}

}  // namespace rx::credit::testing
