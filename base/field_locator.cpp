#include "base/field_locator.h"

namespace stackrace {

std::string SourceLocator::find(const std::string& path) const {
  // SourceMap::locate answers the bare file name for a field it has no
  // position of; a locator says "" so that callers can try another file.
  const std::string where = source_.locate(root_, path);
  return where == source_.file() ? "" : where;
}

}  // namespace stackrace
