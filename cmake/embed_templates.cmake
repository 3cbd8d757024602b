# Writes OUT: a C++ source holding every templates/*.v as a string, so the rnngen binary carries
# its leaf cells and needs no source tree at run time.
file(GLOB files ${TEMPLATE_DIR}/*.v)
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  file(READ ${f} text)
  string(APPEND body "    {\"${name}\", R\"rnngen_tpl(${text})rnngen_tpl\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from templates/*.v by cmake/embed_templates.cmake.\n#include \"emit/templates.h\"\n\nnamespace rnngen {\n\nconst std::map<std::string, std::string>& LeafCellSources() {\n  static const auto* cells = new std::map<std::string, std::string>{\n${body}  };\n  return *cells;\n}\n\n}  // namespace rnngen\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
