# lf_set_warnings(target): KataGo's warning set; -Werror when LF_WERROR is on (CI).
function(lf_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Woverloaded-virtual
                                           -Wmissing-declarations)
  if(LF_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# lf_module(name SOURCES ... DEPS ...): one library per module directory, include root src/
# (or the repository root for io/ and mpi/), C++20 on the target.
function(lf_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(lf_${name} STATIC ${ARG_SOURCES})
  target_compile_features(lf_${name} PUBLIC cxx_std_20)
  target_include_directories(lf_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR})
  target_link_libraries(lf_${name} PUBLIC ${ARG_DEPS})
  lf_set_warnings(lf_${name})
endfunction()
