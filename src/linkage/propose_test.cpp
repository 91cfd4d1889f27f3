#include <gtest/gtest.h>

#include "linkage/propose.h"
