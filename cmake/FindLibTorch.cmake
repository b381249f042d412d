# Defines the imported target lf::torch for LibTorch.
#
# Debian's libtorch-dev (1.13) ships no TorchConfig.cmake, so we look for the
# headers and libraries directly; an upstream LibTorch (for CUDA builds) is
# found through its TorchConfig.cmake when Torch_DIR or CMAKE_PREFIX_PATH points at it.

# lf_torch_pch(target [REUSE_FROM other] [SKIP source...]): <torch/torch.h>
# precompiled for the target's sources. Parsing it took most of the compile
# time of every file that includes it (docs/performance.md, build time). With
# REUSE_FROM the target uses the header precompiled for `other` (same compiler
# flags). SKIP names the target's sources that include no Torch header: they
# compile without it (GCC 12 warns falsely in some of them with it, -Warray-bounds).
function(lf_torch_pch target)
  cmake_parse_arguments(ARG "" "REUSE_FROM" "SKIP" ${ARGN})
  if(ARG_REUSE_FROM)
    target_precompile_headers(${target} REUSE_FROM ${ARG_REUSE_FROM})
  else()
    target_precompile_headers(${target} PRIVATE <torch/torch.h>)
  endif()
  if(ARG_SKIP)
    set_source_files_properties(${ARG_SKIP} TARGET_DIRECTORY ${target}
                                PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
  endif()
endfunction()

find_package(Torch CONFIG QUIET)
if(Torch_FOUND)
  add_library(lf::torch INTERFACE IMPORTED)
  target_link_libraries(lf::torch INTERFACE ${TORCH_LIBRARIES})
  target_include_directories(lf::torch INTERFACE ${TORCH_INCLUDE_DIRS})
  message(STATUS "LibTorch: TorchConfig.cmake at ${Torch_DIR}")
  return()
endif()

find_path(LF_TORCH_INCLUDE torch/torch.h PATH_SUFFIXES torch/csrc/api/include)
find_path(LF_ATEN_INCLUDE ATen/ATen.h)
find_library(LF_TORCH_LIB torch)
find_library(LF_TORCH_CPU_LIB torch_cpu)
find_library(LF_C10_LIB c10)
if(NOT LF_TORCH_INCLUDE OR NOT LF_TORCH_LIB OR NOT LF_TORCH_CPU_LIB OR NOT LF_C10_LIB)
  message(FATAL_ERROR "LibTorch not found: run scripts/install-deps.sh (Debian libtorch-dev)")
endif()
if(LF_WITH_CUDA)
  message(FATAL_ERROR "LF_WITH_CUDA needs an upstream CUDA LibTorch: set Torch_DIR to its share/cmake/Torch")
endif()
add_library(lf::torch INTERFACE IMPORTED)
target_include_directories(lf::torch INTERFACE ${LF_ATEN_INCLUDE} ${LF_TORCH_INCLUDE})
target_link_libraries(lf::torch INTERFACE ${LF_TORCH_LIB} ${LF_TORCH_CPU_LIB} ${LF_C10_LIB})
message(STATUS "LibTorch: ${LF_TORCH_LIB}")

