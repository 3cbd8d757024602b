# Writes OUT: a C++ source holding every templates/*.v and templates/sim/*.v as a string, keyed
# by its path under templates/, so the rnngen binary needs no source tree at run time.
file(GLOB files RELATIVE ${TEMPLATE_DIR} ${TEMPLATE_DIR}/*.v ${TEMPLATE_DIR}/sim/*.v)
list(SORT files)
set(body "")
foreach(name ${files})
  set(f ${TEMPLATE_DIR}/${name})
  file(READ ${f} text)
  string(APPEND body "    {\"${name}\", R\"rnngen_tpl(${text})rnngen_tpl\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from templates/*.v by cmake/embed_templates.cmake.\n#include \"emit/templates.h\"\n\nnamespace rnngen {\n\nconst std::map<std::string, std::string>& LeafCellSources() {\n  static const auto* cells = new std::map<std::string, std::string>{\n${body}  };\n  return *cells;\n}\n\n}  // namespace rnngen\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
