// png_is_whole: a PNG cut short anywhere lacks its closing IEND chunk.

#include "viz/core/png_file.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "viz_support.h"

namespace stackrace::viz {
namespace {

// The smallest byte sequence png_is_whole accepts: the signature, a stand-in
// for the chunks between, and the IEND chunk.
const std::string kSignature("\x89PNG\r\n\x1a\n", 8);
const std::string kIend("\0\0\0\0IEND\xae\x42\x60\x82", 12);

TEST(PngFile, WholeOnlyWithTheSignatureAndTheClosingChunk) {
  viz_test::TempDir dir;
  const auto whole = dir / "whole.png";
  viz_test::write_file(whole, kSignature + std::string(100, 'x') + kIend);
  EXPECT_TRUE(png_is_whole(whole));
  EXPECT_NO_THROW(check_png_written(whole, "out/map.png"));

  const auto cut = dir / "cut.png";
  viz_test::write_file(cut, kSignature + std::string(100, 'x') + kIend.substr(0, 11));
  EXPECT_FALSE(png_is_whole(cut));
  try {
    check_png_written(cut, "out/map.png");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot write out/map.png: the image was cut short", 0), 0U) << e.what();
  }

  const auto not_png = dir / "not.png";
  viz_test::write_file(not_png, "GIF89a" + std::string(100, 'x') + kIend);
  EXPECT_FALSE(png_is_whole(not_png));
  viz_test::write_file(dir / "empty.png", "");
  EXPECT_FALSE(png_is_whole(dir / "empty.png"));
  EXPECT_FALSE(png_is_whole(dir / "missing.png"));
}

}  // namespace
}  // namespace stackrace::viz
