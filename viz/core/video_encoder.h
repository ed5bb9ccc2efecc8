#pragma once
// Videos of the view (`stackrace render RUN --video FILE`) through ffmpeg:
// raw RGBA frames are piped to its standard input, so no frame touches the
// disk, and the video is written whole or not at all (base/atomic_file.h):
// on any failure, an interrupt or an ffmpeg error, the partial file is removed.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace stackrace::viz {

enum class VideoFormat { mp4, gif };

// By the file name's extension, .mp4 or .gif (any case); none otherwise.
std::optional<VideoFormat> video_format_for(const std::string& path);

// The program that encodes videos, and where it is on PATH (none: not installed).
inline constexpr const char* kFfmpeg = "ffmpeg";
std::optional<std::string> find_ffmpeg();

struct VideoSpec {
  VideoFormat format = VideoFormat::mp4;
  int width = 0, height = 0;    // of each frame, pixels
  double frames_per_second = 4;  // one frame a month: months per second
};

// The ffmpeg command line that reads the frames on its standard input and
// writes `out` (mp4: H.264 in yuv420p, sides padded to even; gif: a palette
// made from all the frames, looping).
std::vector<std::string> ffmpeg_command(const VideoSpec& spec, const std::string& out);

// Writes the video to `path`: `produce` calls its argument once per frame
// with width * height * 4 bytes (RGBA, rows top to bottom). Returns the
// frame count. Throws std::runtime_error when ffmpeg fails (its own message
// is on standard error), or what `produce` throws.
int encode_video(const std::string& path, const VideoSpec& spec,
                 const std::function<void(const std::function<void(const std::uint8_t* rgba)>& frame)>& produce);

}  // namespace stackrace::viz
