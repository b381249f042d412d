# Defines the imported target lf::torch for LibTorch.
#
# Debian's libtorch-dev (1.13) ships no TorchConfig.cmake, so we look for the
# headers and libraries directly; an upstream LibTorch (for CUDA builds) is
# found through its TorchConfig.cmake when Torch_DIR or CMAKE_PREFIX_PATH points at it.
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
