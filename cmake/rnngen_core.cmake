# The bit-accurate core library (spec, model, plan). Included by the main project and by the
# Verilator testbench project, so both compile the same sources.
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json REQUIRED)
# ONNX import: Debian's generated protobuf classes (libonnx-dev) and protobuf itself.
find_package(Protobuf REQUIRED)
find_package(ONNX REQUIRED)
# NumPy .npz archives (zip, stored or deflated members): Debian's libzip-dev.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
set(RNNGEN_ROOT ${CMAKE_CURRENT_LIST_DIR}/..)
file(GLOB RNNGEN_CORE_SOURCES CONFIGURE_DEPENDS
  ${RNNGEN_ROOT}/generator/spec/*.cc
  ${RNNGEN_ROOT}/generator/model/*.cc
  ${RNNGEN_ROOT}/generator/plan/*.cc)
list(FILTER RNNGEN_CORE_SOURCES EXCLUDE REGEX "_test\\.cc$")
add_library(rnngen_core STATIC ${RNNGEN_CORE_SOURCES})
target_include_directories(rnngen_core PUBLIC ${RNNGEN_ROOT}/generator)
target_link_libraries(rnngen_core PUBLIC yaml-cpp fmt::fmt nlohmann_json::nlohmann_json
                      PRIVATE onnx_proto PkgConfig::LIBZIP)
set(RNNGEN_VERSION 0.1.0)  # the one place the version is written
target_compile_definitions(rnngen_core PUBLIC RNNGEN_VERSION="${RNNGEN_VERSION}")
target_compile_options(rnngen_core PRIVATE -Wall -Wextra)
