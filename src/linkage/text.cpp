#include "linkage/text.h"
