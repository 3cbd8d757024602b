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
# A testbench build given the generator's build (RNNGEN_CORE_TARGETS, written by export() in the
# top CMakeLists.txt) links that build's libraries instead of compiling the same sources again:
# every design's testbench would otherwise spend half its build time here.
if(RNNGEN_CORE_TARGETS AND EXISTS ${RNNGEN_CORE_TARGETS})
  include(${RNNGEN_CORE_TARGETS})
  return()
endif()
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

# The testbench's verdict side (golden model run, comparison, mismatch report): it includes no
# verilated model, so the unit tests and every design's testbench share one build of it.
add_library(rnngen_tb_check STATIC ${RNNGEN_ROOT}/tb/tb_check.cc)
target_include_directories(rnngen_tb_check PUBLIC ${RNNGEN_ROOT}/tb)
target_link_libraries(rnngen_tb_check PUBLIC rnngen_core)
target_compile_options(rnngen_tb_check PRIVATE -Wall -Wextra)
