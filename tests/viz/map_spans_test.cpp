// viz/core/map_spans: the window's map cut into flat and looked-up spans.

#include "viz/core/map_spans.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace stackrace::viz {
namespace {

// An RGBA index image as palette_map.h writes it: index in red + 256 *
// green, border marks in blue.
struct IndexImage {
  int width, height;
  std::vector<std::uint8_t> rgba;
  IndexImage(int w, int h, int index) : width(w), height(h), rgba(static_cast<std::size_t>(w * h) * 4) {
    fill(0, 0, w, h, index);
  }
  std::uint8_t* at(int x, int y) { return &rgba[(static_cast<std::size_t>(y) * width + x) * 4]; }
  void fill(int x0, int y0, int x1, int y1, int index) {
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        std::uint8_t* p = at(x, y);
        p[0] = static_cast<std::uint8_t>(index & 0xFF), p[1] = static_cast<std::uint8_t>(index >> 8), p[2] = 0;
        p[3] = 255;
      }
  }
  void mark_border(int x, int y) { at(x, y)[2] = 255; }
  int index(int x, int y) { return at(x, y)[0] + 256 * at(x, y)[1]; }
  std::vector<MapSpan> spans(MapSpanOptions options = {}) { return map_spans(rgba.data(), width, height, options); }
};

// Every pixel lies in exactly one span, and a flat span only holds pixels of
// its index without a border mark: drawing the flat spans flat and looking
// the others up draws the same picture as looking up every pixel.
void expect_exact_cover(IndexImage& image, const std::vector<MapSpan>& spans) {
  std::vector<int> covered(static_cast<std::size_t>(image.width * image.height), 0);
  for (const MapSpan& s : spans) {
    ASSERT_LT(s.x0, s.x1);
    ASSERT_LT(s.y0, s.y1);
    for (int y = s.y0; y < s.y1; ++y)
      for (int x = s.x0; x < s.x1; ++x) {
        ++covered[static_cast<std::size_t>(y * image.width + x)];
        if (s.index == kLookupSpan) continue;
        ASSERT_EQ(image.index(x, y), s.index) << "at " << x << "," << y;
        ASSERT_EQ(image.at(x, y)[2], 0) << "a border mark in a flat span at " << x << "," << y;
      }
  }
  for (std::size_t i = 0; i < covered.size(); ++i) ASSERT_EQ(covered[i], 1) << "pixel " << i;
}

std::size_t count_flat(const std::vector<MapSpan>& spans) {
  std::size_t n = 0;
  for (const MapSpan& s : spans) n += s.index != kLookupSpan;
  return n;
}

TEST(MapSpans, AUniformImageIsOneFlatSpanPerBand) {
  IndexImage image(100, 40, 1);
  const auto spans = image.spans({16, 32});
  ASSERT_EQ(spans.size(), 3u);  // bands 0-16, 16-32, 32-40
  for (const MapSpan& s : spans) {
    EXPECT_EQ(s.index, 1);
    EXPECT_EQ(s.x0, 0);
    EXPECT_EQ(s.x1, 100);
  }
  EXPECT_EQ(spans.back().y0, 32);
  EXPECT_EQ(spans.back().y1, 40);
  expect_exact_cover(image, spans);
}

TEST(MapSpans, ABorderInsideABandMakesItsColumnsLookups) {
  IndexImage image(100, 16, 300);  // index above 255: green carries the high byte
  image.fill(50, 0, 100, 16, 7);
  image.mark_border(49, 5);
  image.mark_border(50, 5);
  const auto spans = image.spans({16, 32});
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].index, 300);
  EXPECT_EQ(spans[0].x1, 49);
  EXPECT_EQ(spans[1].index, kLookupSpan);
  EXPECT_EQ(spans[1].x0, 49);
  EXPECT_EQ(spans[1].x1, 51);
  EXPECT_EQ(spans[2].index, 7);
  expect_exact_cover(image, spans);
}

TEST(MapSpans, AColumnThatChangesIndexWithinABandIsLookedUp) {
  IndexImage image(64, 16, 2);
  image.fill(0, 8, 10, 16, 3);  // the band's lower half differs in columns 0-9
  const auto spans = image.spans({16, 32});
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].index, kLookupSpan);
  EXPECT_EQ(spans[0].x1, 10);
  EXPECT_EQ(spans[1].index, 2);
  expect_exact_cover(image, spans);
}

TEST(MapSpans, NarrowFlatRunsFoldIntoTheLookupsBesideThem) {
  // Stripes 4 px wide: too narrow to be worth a quad each, so the band is a
  // single lookup span rather than 25 flat ones.
  IndexImage image(100, 16, 0);
  for (int x = 0; x < 100; x += 8) image.fill(x, 0, x + 4, 16, 5);
  const auto spans = image.spans({16, 32});
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].index, kLookupSpan);
  EXPECT_EQ(spans[0].x0, 0);
  EXPECT_EQ(spans[0].x1, 100);
  // With a lower threshold they are flat.
  EXPECT_EQ(count_flat(image.spans({16, 4})), 25u);
  expect_exact_cover(image, image.spans({16, 4}));
}

TEST(MapSpans, ABusyImageIsCoveredExactly) {
  // Countries as rectangles of many sizes, borders around each, at band
  // heights and thresholds that do and do not divide the image.
  IndexImage image(203, 117, 1);
  int index = 2;
  for (int y = 0; y < 117; y += 13)
    for (int x = (y / 13) % 3 * 7; x < 203; x += 23 + index % 17) {
      const int x1 = std::min(203, x + 9 + index % 31), y1 = std::min(117, y + 5 + index % 11);
      image.fill(x, y, x1, y1, index++);
      for (int bx = x; bx < x1; ++bx) image.mark_border(bx, y);
    }
  for (const MapSpanOptions& o :
       {MapSpanOptions{16, 32}, MapSpanOptions{1, 1}, MapSpanOptions{7, 3}, MapSpanOptions{200, 1}})
    expect_exact_cover(image, image.spans(o));
  EXPECT_GT(count_flat(image.spans({7, 3})), 0u);
}

TEST(MapSpans, AnEmptyImageHasNoSpans) { EXPECT_TRUE(map_spans(nullptr, 0, 0).empty()); }

}  // namespace
}  // namespace stackrace::viz
