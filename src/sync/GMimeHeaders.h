#pragma once

// GMime pulls in GIO, whose headers use the identifier `signals`, which Qt defines as a macro.
#pragma push_macro("signals")
#undef signals
#include <gmime/gmime.h>
#pragma pop_macro("signals")
