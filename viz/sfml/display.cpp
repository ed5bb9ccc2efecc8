#include "viz/sfml/display.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

#ifdef STACKRACE_HAVE_X11
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#endif

namespace stackrace::viz {

namespace {

#ifdef STACKRACE_HAVE_X11
// OpenGL draws to a true-colour visual of 15 bits or more; a screen with only
// palette visuals (an 8-bit Xvfb) has none, and SFML crashes on it rather
// than report it.
bool has_true_colour_visual(Display* d) {
  XVisualInfo info;
  for (const int depth : {24, 32, 16, 15})
    if (XMatchVisualInfo(d, DefaultScreen(d), depth, TrueColor, &info) != 0) return true;
  return false;
}
#endif

constexpr const char* kXvfb = "xvfb-run -a -s \"-screen 0 1920x1080x24\" stackrace ...";

}  // namespace

void require_display() {
  const char* display = std::getenv("DISPLAY");
  const std::string hint = std::string(
                               ": the window and PNG figures need an X display, even offscreen (SFML 2.5). Without a "
                               "screen, run under Xvfb: ") +
                           kXvfb + " (apt-get install xvfb xauth); SVG figures (--out FILE.svg) need no display";
  if (!display || !*display) throw std::runtime_error(std::string("DISPLAY is not set") + hint);
#ifdef STACKRACE_HAVE_X11
  // The connection stays open until the process exits: Xvfb (as xvfb-run
  // starts it) resets when its last client leaves, and SFML's own
  // connection, opened right after ours closed, then found no display now
  // and then and aborted (a PNG plot failed about one time in ten).
  struct Held {
    Display* display = nullptr;
    Held() = default;
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;
    ~Held() {
      if (display) XCloseDisplay(display);
    }
  };
  static Held held;
  if (!held.display) held.display = XOpenDisplay(nullptr);
  Display* d = held.display;
  if (!d) throw std::runtime_error(std::string("cannot open the X display '") + display + "'" + hint);
  const int depth = DefaultDepth(d, DefaultScreen(d));
  const bool drawable = has_true_colour_visual(d);
  if (!drawable) {
    throw std::runtime_error("the X display '" + std::string(display) + "' has " + std::to_string(depth) +
                             "-bit colour and no true-colour visual of 15 bits or more, which OpenGL needs: give "
                             "Xvfb a 24-bit screen, " +
                             kXvfb + "; SVG figures (--out FILE.svg) need no display");
  }
#endif
}

}  // namespace stackrace::viz
