# atrium_add_plugin(<name> SOURCES <files...>)
# Builds <name>.so against the Atrium SDK: hidden visibility, no `lib` prefix, loadable with
# dlopen(RTLD_NOW | RTLD_LOCAL). Works in-tree and after find_package(AtriumSDK).
function(atrium_add_plugin name)
  cmake_parse_arguments(P "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  add_library(${name} MODULE ${P_SOURCES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(TARGET Atrium::sdk)
    target_link_libraries(${name} PRIVATE Atrium::sdk ${P_LIBRARIES})
  else()
    target_link_libraries(${name} PRIVATE atrium_sdk_headers ${P_LIBRARIES})
  endif()
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
  if(P_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIRECTORY})
  elseif(DEFINED ATRIUM_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ATRIUM_PLUGIN_OUTPUT_DIR})
  endif()
endfunction()
