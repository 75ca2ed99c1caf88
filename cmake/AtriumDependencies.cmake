# Every dependency comes from Debian packages (see `make deps`).
find_package(PkgConfig REQUIRED)
pkg_check_modules(PISTACHE REQUIRED IMPORTED_TARGET libpistache)
pkg_check_modules(LUAJIT REQUIRED IMPORTED_TARGET luajit)
# Content sniffing of uploads (host/services/storage): Debian libmagic-dev.
pkg_check_modules(LIBMAGIC REQUIRED IMPORTED_TARGET libmagic)
# QR codes of the wedding guest pages (plugins/weddings): Debian libqrencode-dev and libpng-dev.
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(LIBPNG REQUIRED IMPORTED_TARGET libpng)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)  # libssl-dev: SHA-256 (migration checksums)
find_package(CURL REQUIRED)  # libcurl4-openssl-dev: the SMTP and HTTP SMS transports
if(ATRIUM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

# SOCI (libsoci-dev) ships neither CMake config nor pkg-config files: imported targets by hand.
# Its headers are SYSTEM includes so that their warnings do not fail the -Werror build.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_path(PQ_INCLUDE_DIR libpq-fe.h PATH_SUFFIXES postgresql REQUIRED)
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql REQUIRED)
find_library(SQLITE3_LIBRARY sqlite3 REQUIRED)
find_library(PQ_LIBRARY pq REQUIRED)

add_library(Soci::core UNKNOWN IMPORTED)
set_target_properties(Soci::core PROPERTIES
  IMPORTED_LOCATION ${SOCI_CORE_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${SOCI_INCLUDE_DIR}
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${SOCI_INCLUDE_DIR}
  INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS};Threads::Threads")
if(ATRIUM_SANITIZE)
  # libsoci exports no typeinfo for its internal classes (hidden visibility): UBSan's vptr check
  # would leave undefined references in code that includes SOCI headers.
  set_property(TARGET Soci::core PROPERTY INTERFACE_COMPILE_OPTIONS -fno-sanitize=vptr)
endif()
add_library(Soci::sqlite3 UNKNOWN IMPORTED)
set_target_properties(Soci::sqlite3 PROPERTIES
  IMPORTED_LOCATION ${SOCI_SQLITE3_LIBRARY}
  INTERFACE_LINK_LIBRARIES "Soci::core;${SQLITE3_LIBRARY}")
add_library(Soci::postgresql UNKNOWN IMPORTED)
set_target_properties(Soci::postgresql PROPERTIES
  IMPORTED_LOCATION ${SOCI_POSTGRESQL_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${PQ_INCLUDE_DIR}
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${PQ_INCLUDE_DIR}
  INTERFACE_LINK_LIBRARIES "Soci::core;${PQ_LIBRARY}")
