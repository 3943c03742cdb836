# Debian 12 packages ampel needs to build, test and compare (sourced by setup.sh and .ci/run).
AMPEL_PACKAGES=(
  build-essential cmake pkg-config
  libboost-graph-dev libeigen3-dev nlohmann-json3-dev libcli11-dev libfmt-dev libpugixml-dev zlib1g-dev
  libsfml-dev libx11-dev
  xvfb xauth libgl1-mesa-dri fonts-dejavu-core  # live view: window tests under Xvfb, Mesa software GL, HUD font
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev  # libFuzzer targets of the importers (scripts/fuzz.sh)
  chromium                      # batch report rendered to PNG in tests/batch
  slurm-wlm munge               # one-node Slurm for the job-array test (tests/batch, label slurm)
  libproj-dev                   # SUMO network coordinates to longitude/latitude (ampel map, GeoJSON)
  pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest  # the Python module ampel and its tests
)
# Optional: SUMO itself, the reference for bench/sumo_agreement.py (it falls back to the stored reference figures).
AMPEL_BENCH_PACKAGES=(sumo)
