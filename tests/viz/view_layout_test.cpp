// viz/core/view_layout: the window's regions at a given size.

#include "viz/core/view_layout.h"

#include <gtest/gtest.h>

namespace stackrace::viz {
namespace {

// A window too narrow for the chart panel leaves it out and says so on the
// map, naming the width that shows it; a wider one shows the panel, no note.
TEST(ViewLayout, ANarrowWindowSaysItsChartsAreHidden) {
  const ViewLayout narrow = view_layout(640, 360);
  EXPECT_EQ(narrow.panel.w, 0);
  EXPECT_EQ(narrow.map.w, 640);
  const std::string note = hidden_panel_note(narrow);
  EXPECT_NE(note.find("charts"), std::string::npos) << note;
  EXPECT_NE(note.find("800 px"), std::string::npos) << note;

  for (const int width : {800, 1280, 1920}) {
    const ViewLayout wide = view_layout(width, 720);
    EXPECT_GT(wide.panel.w, 0) << width;
    EXPECT_EQ(hidden_panel_note(wide), "") << width;
    EXPECT_DOUBLE_EQ(wide.map.w + wide.panel.w, width);
  }
}

}  // namespace
}  // namespace stackrace::viz
