#include <gtest/gtest.h>

#include "linkage/dates.h"
