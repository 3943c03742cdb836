#pragma once
// LeakSanitizer suppressions for the graphics stack (X11, GLX, Mesa, LLVM's JIT, fontconfig, SFML's
// shared contexts): they keep process-lifetime allocations that are not ours. Include in exactly one
// translation unit of a program that opens a window; without the sanitizer it defines an unused function.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libX11\nleak:libxcb\nleak:libGL\nleak:libGLX\nleak:libGLdispatch\nleak:_dri.so\nleak:"
         "libgallium\n"
         "leak:libLLVM\nleak:libdrm\nleak:libfontconfig\nleak:libfreetype\nleak:libexpat\nleak:libsfml-"
         "window\n"
         "leak:libsfml-graphics\nleak:libsfml-system\n";
}
