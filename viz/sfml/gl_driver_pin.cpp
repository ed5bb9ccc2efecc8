#include "viz/sfml/gl_driver_pin.h"

#if defined(__SANITIZE_ADDRESS__)
#include <dlfcn.h>
#include <link.h>

#include <string>
#include <vector>
#endif

namespace stackrace::viz {

#if defined(__SANITIZE_ADDRESS__)
namespace {

int collect_drivers(dl_phdr_info* info, std::size_t, void* data) {
  const std::string name = info->dlpi_name ? info->dlpi_name : "";
  if (name.find("/dri/") != std::string::npos || name.find("libgallium") != std::string::npos)
    static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

}  // namespace

void pin_gl_driver_for_leak_checks() {
  std::vector<std::string> drivers;
  dl_iterate_phdr(collect_drivers, &drivers);
  // RTLD_NOLOAD only touches libraries already loaded; RTLD_NODELETE keeps
  // them until the process ends. The handles are deliberately never closed.
  for (const std::string& d : drivers) (void)dlopen(d.c_str(), RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
}
#else
void pin_gl_driver_for_leak_checks() {}
#endif

}  // namespace stackrace::viz
