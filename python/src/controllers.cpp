#include "python/src/controllers.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <mutex>
#include <stdexcept>

#include "models/registry/registry.hpp"
#include "sim/error.hpp"

namespace ampel::python {

// ---- OverrideController -----------------------------------------------------------------------------------

OverrideController::OverrideController(std::unique_ptr<Controller> inner, std::size_t signals)
    : inner_(std::move(inner)), requested_(signals, -1) {}

OverrideController::OverrideController(const OverrideController& o)
    : Controller(o), requested_(o.requested_), any_request_(o.any_request_) {
  if (o.inner_) {
    inner_ = o.inner_->clone();
    if (!inner_) throw std::logic_error("'" + o.inner_->name() + "' cannot be copied");
  }
}

TimeMs OverrideController::control_interval_ms() const {
  // A pending request is acted on at the next step; otherwise the inner strategy keeps its own rhythm.
  if (any_request_ || !inner_) return 1;
  return inner_->control_interval_ms();
}

void OverrideController::initialize(const ControlContext& ctx, std::span<SignalStart> starts) {
  if (inner_) inner_->initialize(ctx, starts);
}

void OverrideController::decide(const ControlContext& ctx, std::span<SignalDecision> decisions) {
  if (inner_) {
    TimeMs interval = std::max<TimeMs>(inner_->control_interval_ms(), 1);
    if ((ctx.now_ms - ctx.scenario.begin_ms) % interval < ctx.scenario.step_ms)
      inner_->decide(ctx, decisions);
  }
  if (!any_request_) return;
  any_request_ = false;
  for (std::size_t s = 0; s < requested_.size() && s < decisions.size(); ++s) {
    if (requested_[s] < 0) continue;
    const SignalState& g = ctx.state.signals[s];
    auto want = static_cast<std::uint16_t>(requested_[s]);
    if (g.interval == SignalInterval::green && g.stage == want) {
      requested_[s] = -1;  // done
      decisions[s] = SignalDecision::hold();
      continue;
    }
    any_request_ = true;
    decisions[s] = g.interval == SignalInterval::green ? SignalDecision::go_to(want) : SignalDecision::hold();
  }
}

void OverrideController::request(std::size_t signal, std::uint16_t stage) {
  requested_.at(signal) = stage;
  any_request_ = true;
}

// ---- ControlState -----------------------------------------------------------------------------------------

const Network& ControlState::net() const {
  state();
  return *net_;
}

const SimState& ControlState::state() const {
  if (state_ == nullptr)
    throw std::runtime_error(
        "this state was shown to a controller's decide() and is gone; copy what you need");
  return *state_;
}

// ---- Python strategies ------------------------------------------------------------------------------------

namespace {

// Drops a Python reference only where that is safe: with the GIL, and not after the interpreter ended.
struct PyRef {
  py::object obj;
  PyRef(py::object o) : obj(std::move(o)) {}
  PyRef(const PyRef&) = delete;
  ~PyRef() {
    if (!Py_IsInitialized()) {
      obj.release();  // the interpreter is gone: leak rather than crash
      return;
    }
    py::gil_scoped_acquire gil;
    obj = py::object();
  }
};

class PyController : public Controller {
 public:
  PyController(std::string name, std::shared_ptr<PyRef> instance, std::shared_ptr<PyRef> network,
               std::size_t signals, std::vector<std::uint16_t> stage_counts)
      : name_(std::move(name)),
        instance_(std::move(instance)),
        network_(std::move(network)),
        signals_(signals),
        stage_counts_(std::move(stage_counts)) {
    py::gil_scoped_acquire gil;
    if (py::hasattr(instance_->obj, "interval_s")) {
      double s = instance_->obj.attr("interval_s").cast<double>();
      if (!(s > 0)) throw InputError("", name_, "interval_s must be above 0");
      interval_ms_ = seconds_to_ms(s);
    }
    decide_ = std::make_shared<PyRef>(instance_->obj.attr("decide"));
  }
  std::string name() const override { return name_; }
  TimeMs control_interval_ms() const override { return interval_ms_; }

  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override {
    py::gil_scoped_acquire gil;
    try {
      auto view = std::make_shared<ControlState>(ctx.network, ctx.state, network_->obj);
      py::object result = decide_->obj(view);
      view->expire();
      apply(result, decisions);
    } catch (py::error_already_set& e) {
      // Turned into a plain exception here, while the GIL is held (a batch run records it as its failure).
      throw std::runtime_error("Python controller '" + name_ + "': " + e.what());
    } catch (const py::cast_error& e) {
      throw std::runtime_error("Python controller '" + name_ +
                               "': decide() must return one integer per signal: " + e.what());
    }
  }

  std::unique_ptr<Controller> clone() const override {
    py::gil_scoped_acquire gil;
    try {
      py::object copy = py::module_::import("copy").attr("deepcopy")(instance_->obj);
      return std::make_unique<PyController>(name_, std::make_shared<PyRef>(copy), network_, signals_,
                                            stage_counts_);
    } catch (py::error_already_set& e) {
      throw std::runtime_error("Python controller '" + name_ + "' cannot be copied: " + e.what());
    }
  }

 private:
  void apply(const py::object& result, std::span<SignalDecision> decisions) const {
    auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(result);
    if (!a || a.ndim() != 1 || static_cast<std::size_t>(a.size()) != signals_)
      throw std::runtime_error("Python controller '" + name_ + "': decide() must return " +
                               std::to_string(signals_) + " integers (one per signal)");
    const std::int64_t* v = a.data();
    for (std::size_t s = 0; s < signals_ && s < decisions.size(); ++s) {
      if (v[s] == -1) continue;
      if (v[s] == -2) {
        decisions[s] = SignalDecision::next();
      } else if (v[s] >= 0 && v[s] < stage_counts_[s]) {
        decisions[s] = SignalDecision::go_to(static_cast<std::uint16_t>(v[s]));
      } else {
        throw std::runtime_error("Python controller '" + name_ + "': signal " + std::to_string(s) +
                                 " has no stage " + std::to_string(v[s]) + " (it has " +
                                 std::to_string(stage_counts_[s]) + ")");
      }
    }
  }

  std::string name_;
  std::shared_ptr<PyRef> instance_, network_, decide_;
  std::size_t signals_;
  std::vector<std::uint16_t> stage_counts_;
  TimeMs interval_ms_ = kMsPerSecond;
};

std::mutex& names_mutex() {
  static std::mutex m;
  return m;
}
std::vector<std::string>& names() {
  static std::vector<std::string> n;
  return n;
}

}  // namespace

void register_python_controller(const std::string& name, const std::string& summary, py::object factory) {
  auto f = std::make_shared<PyRef>(std::move(factory));
  register_controller({name, summary}, [name, f](const Scenario& sc, const ParamMap& params) {
    py::gil_scoped_acquire gil;
    try {
      auto network = std::make_shared<PyRef>(py::cast(std::make_shared<NetworkInfo>(sc)));
      py::dict kwargs;
      for (const auto& [k, v] : params)
        kwargs[py::str(k)] = std::holds_alternative<double>(v)
                                 ? py::object(py::float_(std::get<double>(v)))
                                 : py::object(py::str(std::get<std::string>(v)));
      py::object instance = f->obj(network->obj, **kwargs);
      if (!py::hasattr(instance, "decide"))
        throw InputError(sc.source_file, name,
                         "the factory returned an object without a decide(state) method");
      std::vector<std::uint16_t> stages;
      for (const Signal& s : sc.network->signals())
        stages.push_back(static_cast<std::uint16_t>(s.stages.size()));
      return std::unique_ptr<Controller>(std::make_unique<PyController>(
          name, std::make_shared<PyRef>(instance), network, sc.network->signals().size(), std::move(stages)));
    } catch (py::error_already_set& e) {
      throw InputError(sc.source_file, name,
                       std::string("building the Python controller failed: ") + e.what());
    }
  });
  std::lock_guard lock(names_mutex());
  if (std::find(names().begin(), names().end(), name) == names().end()) names().push_back(name);
}

void unregister_python_controllers() {
  std::vector<std::string> all;
  {
    std::lock_guard lock(names_mutex());
    all.swap(names());
  }
  for (const std::string& n : all) unregister_controller(n);
}

std::vector<std::string> python_controller_names() {
  std::lock_guard lock(names_mutex());
  return names();
}

}  // namespace ampel::python
