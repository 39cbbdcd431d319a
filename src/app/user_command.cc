// `keel user create`: until the auth module lands, the command explains itself.
#include <cstdio>

#include "app/commands.h"

namespace keel {

int RunUserCreateCommand(const Config&, const std::vector<std::string>&) {
  std::fprintf(stderr, "keel user create: not available in this build\n");
  return 1;
}

}  // namespace keel
