// satr — Arabic and bidirectional paragraph layout. The umbrella header.
#pragma once

#include "satr/batch.hpp"
#include "satr/caret.hpp"
#include "satr/context.hpp"
#include "satr/error.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "satr/range.hpp"
#include "satr/render.hpp"
#include "satr/version.hpp"
