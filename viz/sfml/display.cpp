#include "viz/sfml/display.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

#ifdef STACKRACE_HAVE_X11
#include <X11/Xlib.h>
#endif

namespace stackrace::viz {

namespace {
#ifdef STACKRACE_HAVE_X11
constexpr int kMinDisplayDepthBits = 15;  // 15- and 16-bit screens draw; 8-bit ones crash SFML
#endif
}  // namespace

void require_display() {
  const char* display = std::getenv("DISPLAY");
  const std::string hint =
      ": the window and PNG figures need an X display, even offscreen (SFML 2.5). Without a screen, run under "
      "Xvfb: xvfb-run -a -s \"-screen 0 1920x1080x24\" stackrace ... (apt-get install xvfb xauth); SVG figures "
      "(--out FILE.svg) need no display";
  if (!display || !*display) throw std::runtime_error(std::string("DISPLAY is not set") + hint);
#ifdef STACKRACE_HAVE_X11
  Display* d = XOpenDisplay(nullptr);
  if (!d) throw std::runtime_error(std::string("cannot open the X display '") + display + "'" + hint);
  // An 8-bit (palette) screen has no visual OpenGL can draw to, and SFML
  // crashes on it rather than report it.
  const int depth = DefaultDepth(d, DefaultScreen(d));
  XCloseDisplay(d);
  if (depth < kMinDisplayDepthBits) {
    throw std::runtime_error("the X display '" + std::string(display) + "' has " + std::to_string(depth) +
                             "-bit colour, and OpenGL needs at least " + std::to_string(kMinDisplayDepthBits) + "-bit" +
                             hint);
  }
#endif
}

}  // namespace stackrace::viz
