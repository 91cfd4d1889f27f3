#include <gtest/gtest.h>

#include "linkage/postcode.h"
