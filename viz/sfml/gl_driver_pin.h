#pragma once
// Under AddressSanitizer only: keeps the process's GL driver (Mesa's
// */dri/*.so or libgallium) loaded until exit. Mesa unloads it at exit while
// its globals still point at live allocations, and LeakSanitizer, which runs
// after that, then reports them as leaks from "<unknown module>" that no
// suppression can name. Pinned, the driver's memory stays reachable and no
// false report appears. In other builds this does nothing.

namespace stackrace::viz {

// Call after the first GL context exists (a window or render texture).
void pin_gl_driver_for_leak_checks();

}  // namespace stackrace::viz
