# Fails if an object file needs the C++ runtime: an undefined reference to a C++ symbol (mangled
# `_Z...`: operator new/delete, libstdc++ functions, typeinfo, vtables), to the C++ ABI
# (`__cxa_*`, `__gxx_personality*`, `__dynamic_cast`) or to the unwinder (`_Unwind_*`).
#   cmake -DNM=nm "-DOBJECTS=a.o;b.o" -P check_no_cxx_runtime.cmake
# Registered by tests/examples/ (host objects) and tests/firmware/ (the MCU's objects).
foreach(v NM OBJECTS)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "check_no_cxx_runtime.cmake: -D${v}=... is required")
  endif()
endforeach()
set(forbid "^(_Z|__cxa_|__gxx_personality|__dynamic_cast|_Unwind_)")
set(bad "")
foreach(obj IN LISTS OBJECTS)
  execute_process(COMMAND "${NM}" -u "${obj}" OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} -u ${obj} failed")
  endif()
  string(REPLACE "\n" ";" lines "${out}")
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    # The name is kept before it is matched against `forbid`, whose group overwrites CMAKE_MATCH_1
    # (reporting only the prefix `_Z`).
    if(line MATCHES "^U (.+)$")
      set(name "${CMAKE_MATCH_1}")
      if(name MATCHES "${forbid}")
        list(APPEND bad "${name}")
      endif()
    endif()
  endforeach()
  message("${obj}: undefined symbols: ${out}")
endforeach()
if(bad)
  message(FATAL_ERROR "C++ runtime symbols needed: ${bad}")
endif()
message("no C++ runtime symbol needed")
