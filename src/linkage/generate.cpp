#include "linkage/generate.h"
