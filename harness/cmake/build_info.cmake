# Writes build_info.cpp from its template, with the git commit of SOURCE_DIR.
# Run at every build (cmake -P); file(CONFIGURE) rewrites OUTPUT only when its
# text changes, so an unchanged commit recompiles nothing.
#
# In: SOURCE_DIR, TEMPLATE, OUTPUT, AB_VERSION, AB_BUILD_TYPE, AB_CXX_FLAGS, AB_SANITIZE.
set(AB_GIT_COMMIT "unknown")
set(AB_GIT_DIRTY "false")
find_program(GIT_EXECUTABLE git)
if(GIT_EXECUTABLE)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse HEAD
                  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE rc ERROR_QUIET)
  if(rc EQUAL 0 AND NOT commit STREQUAL "")
    set(AB_GIT_COMMIT "${commit}")
    # --no-optional-locks: only look; never refresh (write) the index.
    execute_process(COMMAND "${GIT_EXECUTABLE}" --no-optional-locks -C "${SOURCE_DIR}"
                            status --porcelain --untracked-files=no
                    OUTPUT_VARIABLE changes RESULT_VARIABLE rc ERROR_QUIET)
    if(rc EQUAL 0 AND NOT changes STREQUAL "")
      set(AB_GIT_DIRTY "true")
    endif()
  endif()
endif()
file(READ "${TEMPLATE}" template)
file(CONFIGURE OUTPUT "${OUTPUT}" CONTENT "${template}" @ONLY)
