#pragma once

// The one way project code includes SOCI. Debian's soci-config.h defines SOCI_HAVE_BOOST and
// SOCI_HAVE_BOOST_DATE_TIME, but Boost is not installed (PLATFORM_NOTES.md). soci-config.h has an
// include guard, so it is included first and the two macros are undefined before the rest of SOCI
// sees them (the Boost parts are inline templates only). The backend headers
// (<soci/sqlite3/soci-sqlite3.h>, <soci/postgresql/soci-postgresql.h>) are included only by the
// .cpp files that open sessions or touch native handles.

#include <soci/soci-config.h>

#undef SOCI_HAVE_BOOST
#undef SOCI_HAVE_BOOST_DATE_TIME

#include <soci/soci.h>
