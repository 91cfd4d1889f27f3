#include <gtest/gtest.h>

#include "linkage/string_metrics.h"
