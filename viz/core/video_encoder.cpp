#include "viz/core/video_encoder.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "base/atomic_file.h"
#include "base/interrupt.h"
#include "base/piped_child.h"
#include "base/text_escape.h"

namespace stackrace::viz {
namespace {

// H.264 quality: 18 is visually lossless for flat map colours and text, at
// about a tenth of the size of lossless.
constexpr const char* kMp4Crf = "18";

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::optional<VideoFormat> video_format_for(const std::string& path) {
  const std::string ext = ascii_lower(std::filesystem::path(path).extension().string());
  if (ext == ".mp4") return VideoFormat::mp4;
  if (ext == ".gif") return VideoFormat::gif;
  return std::nullopt;
}

std::optional<std::string> find_ffmpeg() { return find_on_path(kFfmpeg); }

std::vector<std::string> ffmpeg_command(const VideoSpec& spec, const std::string& out) {
  std::vector<std::string> args = {kFfmpeg,      "-hide_banner", "-loglevel",   "error",
                                   "-f",         "rawvideo",     "-pixel_format", "rgba",
                                   "-video_size", std::to_string(spec.width) + "x" + std::to_string(spec.height),
                                   "-framerate", number(spec.frames_per_second), "-i", "pipe:0"};
  if (spec.format == VideoFormat::mp4) {
    // yuv420p (what every player reads) needs even sides.
    args.insert(args.end(), {"-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf",
                             kMp4Crf, "-movflags", "+faststart", "-f", "mp4"});
  } else {
    // One palette from all the frames: the map's few flat colours stay exact.
    args.insert(args.end(), {"-vf", "split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=none",
                             "-loop", "0", "-f", "gif"});
  }
  args.insert(args.end(), {"-y", out});
  return args;
}

int encode_video(const std::string& path, const VideoSpec& spec,
                 const std::function<void(const std::function<void(const std::uint8_t* rgba)>& frame)>& produce) {
  const std::size_t frame_bytes = static_cast<std::size_t>(spec.width) * static_cast<std::size_t>(spec.height) * 4;
  int frames = 0;
  write_file_atomically(path, [&](const std::filesystem::path& temp) {
    PipedChild ffmpeg(ffmpeg_command(spec, temp.string()));
    produce([&](const std::uint8_t* rgba) {
      throw_if_interrupted();
      ffmpeg.write(rgba, frame_bytes);
      ++frames;
    });
    const int status = ffmpeg.finish();
    if (status != 0) throw std::runtime_error("ffmpeg failed (exit status " + std::to_string(status) + ") writing " + path);
  });
  return frames;
}

}  // namespace stackrace::viz
