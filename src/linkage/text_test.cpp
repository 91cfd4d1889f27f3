#include <gtest/gtest.h>

#include "linkage/text.h"
