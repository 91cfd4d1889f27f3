#include "linkage/string_metrics.h"
