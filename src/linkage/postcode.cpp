#include "linkage/postcode.h"
