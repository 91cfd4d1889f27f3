#include <gtest/gtest.h>

#include "linkage/generate.h"
