#include "viz/sfml/window_capture.h"

#include <cstdio>
#include <stdexcept>

#include "base/atomic_file.h"
#include "base/text_escape.h"
#include "viz/core/frame_stats.h"
#include "viz/core/png_file.h"

namespace stackrace::viz {

void WindowCapture::last_frame_drawn(const sf::RenderWindow& window) const {
  if (!screenshot_) return;
  sf::Texture texture;
  if (!texture.create(window.getSize().x, window.getSize().y)) throw std::runtime_error("cannot capture the window");
  texture.update(window);
  const sf::Image image = texture.copyToImage();
  // SFML picks the format by the name's extension, which the temporary keeps.
  write_file_atomically(*screenshot_, [&](const std::filesystem::path& temp) {
    if (!image.saveToFile(temp.string())) throw std::runtime_error("cannot write the screenshot " + *screenshot_);
    if (ascii_lower(temp.extension().string()) == ".png") check_png_written(temp, *screenshot_);
  });
}

void WindowCapture::frame_took(double ms, bool live_running) { (live_running ? live_ms_ : after_ms_).push_back(ms); }

void WindowCapture::report(sf::Vector2u window_size) const {
  if (!frame_stats_) return;
  std::vector<double> all = live_ms_;
  all.insert(all.end(), after_ms_.begin(), after_ms_.end());
  std::printf("frame times at %ux%u: %s\n", window_size.x, window_size.y,
              format_frame_stats(summarize_frame_times(all)).c_str());
  if (!live_ms_.empty()) {
    std::printf("  while the live run was simulating: %s\n  after it finished: %s\n",
                format_frame_stats(summarize_frame_times(live_ms_)).c_str(),
                format_frame_stats(summarize_frame_times(after_ms_)).c_str());
  }
}

}  // namespace stackrace::viz
