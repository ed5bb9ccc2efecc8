// viz/sfml/view_frames: a pinned country's inspector card is drawn in every
// video frame, inside the card's rectangle where the window pins it, and
// nothing else in the frame changes. It needs an X display: CTest runs this
// program under xvfb-run.

#include "viz/sfml/view_frames.h"

#include <gtest/gtest.h>

#include <SFML/Graphics.hpp>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "viz/core/projection.h"
#include "viz/core/view_layout.h"
#include "viz/sfml/map_camera.h"
#include "viz_support.h"

namespace stackrace::viz {
namespace {

constexpr int kWidth = 960, kHeight = 540;

using Frame = std::vector<std::uint8_t>;  // RGBA, rows top to bottom

std::vector<Frame> frames_of(const ViewFramesSpec& spec) {
  const viz_test::FixtureScene& s = viz_test::fixture_scene();
  std::vector<Frame> frames;
  draw_view_frames(s.model, s.run, spec, [&](const std::uint8_t* rgba) {
    frames.emplace_back(rgba, rgba + static_cast<std::size_t>(kWidth) * kHeight * 4);
  });
  return frames;
}

bool pixel_differs(const Frame& a, const Frame& b, int x, int y) {
  const std::size_t at = (static_cast<std::size_t>(y) * kWidth + x) * 4;
  return std::memcmp(&a[at], &b[at], 4) != 0;
}

class ViewFramesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display (CTest runs this test under xvfb-run)";
    const viz_test::FixtureScene& s = viz_test::fixture_scene();
    spec_.width = kWidth;
    spec_.height = kHeight;
    spec_.run_name = "fixture";
    spec_.from = 0;
    spec_.to = static_cast<int>(s.run.trajectory.frames.size()) - 1;
  }
  ViewFramesSpec spec_;
};

// The card's rectangle as the window places it (view_window.cpp's
// sync_inspector): the map camera at its initial fit, the card in the top
// corner away from the country's label point.
Rect card_for(int country) {
  sf::RenderTexture target;
  EXPECT_TRUE(target.create(kWidth, kHeight));
  const ViewLayout layout = view_layout(kWidth, kHeight);
  MapCamera camera;
  camera.fit(layout.map, kWidth, kHeight, legend_band(layout));
  const Point label = viz_test::fixture_scene().model.countries[static_cast<std::size_t>(country)].label;
  return inspector_card(layout, camera.to_pixel(target, label).x);
}

TEST_F(ViewFramesTest, APinnedCardChangesOnlyItsRectangleInEveryFrame) {
  const std::vector<Frame> plain = frames_of(spec_);
  const int kenya = static_cast<int>(viz_test::fixture_scene().index("KEN"));
  spec_.pin_country = kenya;
  const std::vector<Frame> pinned = frames_of(spec_);
  ASSERT_EQ(plain.size(), 6u);  // the fixture run's months
  ASSERT_EQ(pinned.size(), plain.size());

  const Rect card = card_for(kenya);
  const ViewLayout layout = view_layout(kWidth, kHeight);
  EXPECT_LT(card.x, layout.map.x + layout.map.w / 2);  // Kenya is east of the map's middle: the card is on the left
  for (std::size_t m = 0; m < plain.size(); ++m) {
    int inside = 0, outside = 0;
    for (int y = 0; y < kHeight; ++y) {
      for (int x = 0; x < kWidth; ++x) {
        if (!pixel_differs(plain[m], pinned[m], x, y)) continue;
        if (card.contains(x, y)) {
          ++inside;
        } else if (outside++ < 5) {
          ADD_FAILURE() << "month " << m << ": pixel " << x << "," << y << " outside the card differs";
        }
      }
    }
    EXPECT_EQ(outside, 0) << "month " << m;
    // The card covers the map there: most of its pixels change.
    EXPECT_GT(inside, static_cast<int>(card.w * card.h / 2)) << "month " << m;
  }

  // The card's month marker moves with the month: consecutive frames differ inside the card.
  int moved = 0;
  for (int y = static_cast<int>(card.y); y < static_cast<int>(card.y + card.h); ++y) {
    for (int x = static_cast<int>(card.x); x < static_cast<int>(card.x + card.w); ++x) {
      moved += pixel_differs(pinned[0], pinned[1], x, y) ? 1 : 0;
    }
  }
  EXPECT_GT(moved, 0);
}

TEST_F(ViewFramesTest, TheCardGoesToTheCornerAwayFromTheCountry) {
  // A country in the west gets its card on the right, Kenya's on the left.
  const viz_test::FixtureScene& s = viz_test::fixture_scene();
  const Rect east = card_for(static_cast<int>(s.index("KEN")));
  const Rect west = card_for(static_cast<int>(s.index("USA")));
  EXPECT_LT(east.x, west.x);
  spec_.from = spec_.to;
  const std::vector<Frame> plain = frames_of(spec_);
  spec_.pin_country = static_cast<int>(s.index("USA"));
  const std::vector<Frame> pinned = frames_of(spec_);
  ASSERT_EQ(pinned.size(), 1u);
  int inside = 0, outside = 0;
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      if (pixel_differs(plain[0], pinned[0], x, y)) ++(west.contains(x, y) ? inside : outside);
    }
  }
  EXPECT_EQ(outside, 0);
  EXPECT_GT(inside, 0);
}

// Inhabited land stays clear of the legend: in a small window (the docs'
// GIF size) the map is fitted above the legend's band, which covered
// Patagonia; in a large one, where at most Antarctica reaches the band, the
// fit is as without it.
TEST(MapCamera, InhabitedLandStaysClearOfTheLegend) {
  if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no X display (CTest runs this test under xvfb-run)";
  int refitted = 0;
  for (const auto& [w, h] : {std::pair{960, 540}, std::pair{1280, 720}, std::pair{1600, 900}, std::pair{1920, 1080}}) {
    sf::RenderTexture target;
    ASSERT_TRUE(target.create(static_cast<unsigned>(w), static_cast<unsigned>(h)));
    const ViewLayout layout = view_layout(w, h);
    const double band = legend_band(layout);
    MapCamera camera;
    camera.fit(layout.map, w, h, band);
    const double horn = camera.to_pixel(target, equal_earth(-67, -56)).y;
    const double north = camera.to_pixel(target, equal_earth(0, 90)).y;
    EXPECT_LE(horn, layout.map.y + layout.map.h - band) << w << "x" << h;
    EXPECT_GE(north, layout.map.y) << w << "x" << h;
    MapCamera plain;
    plain.fit(layout.map, w, h);
    const double plain_horn = plain.to_pixel(target, equal_earth(-67, -56)).y;
    if (plain_horn <= layout.map.y + layout.map.h - band) {
      EXPECT_EQ(horn, plain_horn) << w << "x" << h << ": land clear of the band is fitted as before";
    } else {
      refitted += 1;
    }
    const double south = camera.to_pixel(target, equal_earth(0, -90)).y;
    // Reset (R) returns to the fit clear of the band.
    camera.zoom_at(target, {w / 3, h / 3}, 3);
    camera.reset();
    EXPECT_EQ(camera.to_pixel(target, equal_earth(0, -90)).y, static_cast<int>(south)) << w << "x" << h;
  }
  EXPECT_GT(refitted, 0);  // the docs' GIF size needs it
}

}  // namespace
}  // namespace stackrace::viz
