# Debian 12 packages ampel needs to build, test and compare (sourced by setup.sh and .ci/run).
AMPEL_PACKAGES=(
  build-essential cmake pkg-config
  libboost-graph-dev libeigen3-dev nlohmann-json3-dev libcli11-dev libfmt-dev libpugixml-dev zlib1g-dev
  libsfml-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
