#pragma once
// Window tests run on a private Xvfb started for the test process. The server picks a free display number
// itself (-displayfd) and the test checks it can connect before using it: with several X servers starting at
// once (parallel tests, xvfb-run elsewhere on the machine) a server can report a number whose socket another
// server holds. -noreset: an X server resets when its last client leaves, and a test that closes its last
// window and opens the next one at once (SFML then reconnects) found no server. AMPEL_TEST_DISPLAY=1 uses the current DISPLAY instead.

namespace ampel::viz::testing {

// Makes sure DISPLAY names a working X server for this process (one Xvfb at most, kept to the end).
void ensure_display();

}  // namespace ampel::viz::testing
