// Everything a C++ plugin needs: #include <atrium/sdk.hpp>. Compiles as C++17.
#pragma once

#include "atrium/abi.h"
#include "atrium/ai.hpp"
#include "atrium/auth.hpp"
#include "atrium/context.hpp"
#include "atrium/db.hpp"
#include "atrium/http_error.hpp"
#include "atrium/messaging.hpp"
#include "atrium/plugin.hpp"
#include "atrium/request.hpp"
#include "atrium/response.hpp"
#include "atrium/scripts.hpp"
#include "atrium/storage.hpp"
#include "atrium/validation.hpp"
