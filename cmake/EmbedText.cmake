# Usage: cmake -DIN=file -DOUT=file.cpp -P EmbedText.cmake
# Emits `namespace atrium::host::config { extern const char* const kHostSchemaYaml; }`.
file(READ ${IN} _text)
set(_delim "ATRIUM_SCHEMA")
file(WRITE ${OUT} "// Generated from ${IN}. Do not edit.\n"
  "namespace atrium::host::config {\n"
  "extern const char* const kHostSchemaYaml;\n"
  "const char* const kHostSchemaYaml = R\"${_delim}(${_text})${_delim}\";\n"
  "}  // namespace atrium::host::config\n")
