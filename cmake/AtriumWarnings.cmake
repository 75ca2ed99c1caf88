# Project code builds with warnings as errors; third-party headers are included as SYSTEM.
set(ATRIUM_WARNING_FLAGS -Wall -Wextra -Wpedantic -Werror -Wshadow=local -Wnon-virtual-dtor
    -Wcast-align -Wunused -Woverloaded-virtual -Wformat=2)

function(atrium_project_target target)
  target_compile_options(${target} PRIVATE ${ATRIUM_WARNING_FLAGS})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()
