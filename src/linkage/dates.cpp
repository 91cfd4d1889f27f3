#include "linkage/dates.h"
