#include "viz/sfml/png_render.h"

#include <SFML/Graphics.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "base/atomic_file.h"
#include "base/interrupt.h"
#include "viz/core/figure_layout.h"
#include "viz/core/png_file.h"
#include "viz/sfml/draw_util.h"
#include "viz/sfml/gl_driver_pin.h"
#include "viz/sfml/map_drawable.h"

namespace stackrace::viz {
namespace {

// Multisampling smooths borders and coastlines in figures; interior pixels
// keep their exact colour.
constexpr unsigned kAntialiasing = 4;

class FigureRenderer {
 public:
  FigureRenderer(const MapModel& model, const FigureSpec& figure) : figure_(figure) {
    sf::ContextSettings settings;
    settings.antialiasingLevel = kAntialiasing;
    if (!target_.create(static_cast<unsigned>(figure.width), static_cast<unsigned>(figure.height), settings)) {
      throw std::runtime_error("cannot create a " + std::to_string(figure.width) + "x" + std::to_string(figure.height) +
                               " offscreen render target (too large for the GL driver?)");
    }
    pin_gl_driver_for_leak_checks();
    // The map drawable needs the GL context that the target just made.
    drawable_ = std::make_unique<MapDrawable>(model);
  }

  void save(const MapFrame& frame, const std::string& title, const std::string& path) {
    const Legend legend = layer_legend(figure_.layer);
    const FigureLayout layout = figure_layout(figure_.width, figure_.height, legend);
    drawable_->recolour(frame, figure_.layer);
    target_.clear(to_sf(kBackgroundColour));

    // A view that reproduces layout.transform: pixel = c + scale * (x, -y).
    const double w = figure_.width, h = figure_.height, s = layout.transform.scale;
    sf::View view(sf::Vector2f(static_cast<float>((w / 2 - layout.transform.cx) / s),
                               static_cast<float>((h / 2 - layout.transform.cy) / s)),
                  sf::Vector2f(static_cast<float>(w / s), static_cast<float>(h / s)));
    target_.setView(view);
    target_.draw(*drawable_);
    target_.setView(target_.getDefaultView());
    drawable_->draw_markers(
        target_,
        [&](Point p) {
          const Point q = layout.transform.to_pixel(p);
          return sf::Vector2f(static_cast<float>(q.x), static_cast<float>(q.y));
        },
        static_cast<float>(kMarkerRadiusEm * layout.font_px));
    // Measured, not estimated: a PNG's font is known.
    TitleText fitted = fit_title_of_width(layout, text_width_px(title, layout.font_px, true));
    if (fitted.font_px < layout.font_px) fitted.font_px = std::floor(fitted.font_px);  // drawn at whole pixels
    // Past its room even at the smallest font (a 200 px figure): cut, with "...".
    draw_text(target_, fit_text(title, fitted.room, fitted.font_px, true), fitted.at, fitted.font_px, kTextColour,
              true);
    draw_legend(target_, legend, layout.legend);
    target_.display();
    const sf::Image image = target_.getTexture().copyToImage();
    // SFML picks the format by the name's extension, which the temporary keeps.
    write_file_atomically(path, [&](const std::filesystem::path& temp) {
      if (!image.saveToFile(temp.string())) throw std::runtime_error("cannot write " + path);
      check_png_written(temp, path);
    });
  }

 private:
  FigureSpec figure_;
  sf::RenderTexture target_;
  std::unique_ptr<MapDrawable> drawable_;
};

}  // namespace

void render_png(const MapModel& model, const MapFrame& frame, const FigureSpec& figure, const std::string& path) {
  FigureRenderer renderer(model, figure);
  renderer.save(frame, figure.title, path);
}

std::vector<std::string> render_png_frames(const MapModel& model, const std::vector<MapFrame>& frames,
                                           const FigureSpec& figure,
                                           const std::function<std::string(const MapFrame&)>& title,
                                           const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create " + dir + ": " + ec.message());
  FigureRenderer renderer(model, figure);
  std::vector<std::string> written;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%04zu.png", i);
    const std::string path = (std::filesystem::path(dir) / name).string();
    throw_if_interrupted();  // a stop comes between frames
    renderer.save(frames[i], title(frames[i]), path);
    written.push_back(path);
  }
  return written;
}

}  // namespace stackrace::viz
