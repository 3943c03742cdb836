#pragma once
// The live view: one window with one pane (or two, split, for a comparison), the simulation driver, the
// camera, and the user's controls. Also renders headless into a texture for screenshots, recordings and
// tests.
#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/Window/Event.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "viz/camera.hpp"
#include "viz/hud.hpp"
#include "viz/labels.hpp"
#include "viz/layout.hpp"
#include "viz/panels.hpp"
#include "viz/renderer.hpp"
#include "viz/screen_layout.hpp"
#include "viz/sim_driver.hpp"
#include "viz/video.hpp"

namespace ampel::viz {

struct ViewerOptions {
  std::vector<PaneSetup> panes;  // one, or two for --compare
  DriverOptions driver;
  unsigned width = 1280, height = 800;
  std::string font_path;  // empty: DejaVu Sans from fonts-dejavu-core
  std::string junction;   // frame this junction and open its panel from the start (node id; empty: none)
  bool overlay = false;   // start with the forecast overlay on
  std::optional<Point> center;  // --center: the map point in the middle of the map area (metres)
  double zoom = 1.0;            // --zoom: magnification against showing the whole network
  TimeMs clock_start_ms = -1;   // the time of day at the scenario's begin (-1: the begin itself)
  bool street_names = true;
};

// A recording for slides: numbered PNG frames from `from_ms` to `to_ms`, `fps` frames per second of video
// showing `speed` simulated seconds per second; then an MP4 beside them if ffmpeg is installed.
struct RecordOptions {
  std::string dir;
  TimeMs from_ms = 0, to_ms = 0;
  double fps = 25;
  double speed = 1;
};

class Viewer {
 public:
  // Throws InputError for an unknown strategy, predictor, junction or route road, std::runtime_error without
  // a font.
  Viewer(std::shared_ptr<const Scenario> scenario, ViewerOptions options);

  // Opens a window and runs until the user closes it; the simulation runs on its own thread meanwhile.
  void run_window();
  // Runs to `t_ms` without a window and writes the picture to `png_path` (written whole or not at all).
  void screenshot(TimeMs t_ms, const std::string& png_path);
  // Writes a recording: the frames written, and the MP4 made from them (or why there is none).
  struct RecordResult {
    std::size_t frames = 0;
    VideoResult video;
  };
  RecordResult record(const RecordOptions& options);

  // One picture of the latest snapshots into `target`.
  void render(sf::RenderTarget& target);
  // One user event (the window is needed to close it on request).
  void handle(const sf::Event& event, sf::RenderWindow& window);
  // Shows the whole network in the map area of a target of this size.
  void fit(sf::Vector2u target_size);
  // Frames a junction: its approaches around it, in the map area as it is with the junction's panel open.
  void frame_junction(NodeId node, sf::Vector2u target_size);
  // Applies the options' framing (--center/--zoom, --junction, or the whole network).
  void frame_from_options(sf::Vector2u target_size);

  SimDriver& driver() { return *driver_; }
  const ViewLayout& layout() const { return *layout_; }
  Camera& camera() { return camera_; }
  bool help_visible() const { return help_; }
  // Where everything goes on a target of this size, as things are now.
  ScreenRects rects(sf::Vector2u target_size) const;
  // The map area of pane i, and where a map point appears in the target.
  sf::FloatRect map_rect(std::size_t pane, sf::Vector2u target_size) const;
  sf::FloatRect pane_rect(std::size_t pane, sf::Vector2u target_size) const;
  sf::Vector2f to_target(std::size_t pane, Point world, sf::Vector2u target_size) const;

 private:
  std::size_t pane_at(sf::Vector2i pixel, sf::Vector2u target_size) const;
  HudState hud_state() const;
  void save_picture(const sf::Image& image, const std::string& png_path) const;
  void click(sf::Vector2i pixel, sf::Vector2u size, bool shift);
  void draw_hud(sf::RenderTarget& target, const ScreenRects& rects,
                const std::vector<std::shared_ptr<const Frame>>& frames, const HudState& state);

  // What the panels beside the map were last drawn from (they are drawn again when it changes).
  struct HudKey {
    std::vector<std::shared_ptr<const Frame>> frames;
    std::string speed;
    bool paused = false, overlay = false;
    double horizon_s = 0;
    std::string message;
    double pixels_per_m = 0;
    bool help = false;
    sf::Vector2u size;
    bool operator==(const HudKey&) const = default;
  };
  HudKey hud_key_;
  sf::RenderTexture hud_layer_;
  bool hud_ok_ = false;
  std::chrono::steady_clock::time_point hud_drawn_{};

  std::shared_ptr<const Scenario> scenario_;
  ViewerOptions options_;
  std::unique_ptr<ViewLayout> layout_;
  std::unique_ptr<SimDriver> driver_;
  std::unique_ptr<MapRenderer> renderer_;
  std::unique_ptr<StreetLabels> labels_;
  std::vector<std::unique_ptr<TimeSpaceDrawing>> time_space_;  // per pane
  sf::Font font_;
  std::unique_ptr<Hud> hud_;
  Camera camera_;
  bool help_ = false;
  bool dragging_ = false, dragged_ = false;
  bool shift_click_ = false;
  sf::Vector2i drag_last_;
  double fps_ = 0;
  std::chrono::steady_clock::time_point last_frame_{};
  std::optional<float> forced_alpha_;  // recordings place vehicles between steps themselves
  NodeId junction_ = kNone;            // --junction, resolved (a junction or a traffic light's id)
  std::string note_;                   // what the last key did ("saved ...")
  std::optional<Point> keep_visible_;  // a just-selected junction: pan to it if a panel now covers it
};

}  // namespace ampel::viz
