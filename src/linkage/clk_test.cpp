#include <gtest/gtest.h>

#include "linkage/clk.h"
