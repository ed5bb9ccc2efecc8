#pragma once
// SFML 2.5 needs an X display even to render offscreen, and aborts the
// process when it cannot open one. Check first, and explain.

namespace stackrace::viz {

// Throws std::runtime_error with the xvfb-run hint when no X display can be opened.
void require_display();

}  // namespace stackrace::viz
