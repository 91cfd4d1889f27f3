#include "linkage/clk.h"
