#include "plugins/weddings/domain/qr_svg.hpp"

#include <stdexcept>

namespace atrium::plugins::weddings {

std::string renderQrSvg(const QrMatrix& matrix, int module_px) {
  if (module_px <= 0) throw std::invalid_argument("module size must be positive");
  if (!matrix.valid()) throw std::invalid_argument("not a QR symbol");
  const int size = matrix.width + 2 * kQrQuietZone;
  const std::string modules = std::to_string(size);
  const std::string pixels = std::to_string(static_cast<long long>(size) * module_px);
  std::string svg;
  svg.reserve(256 + matrix.dark.size() * 4);
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + pixels +
         "\" height=\"" + pixels + "\" viewBox=\"0 0 " + modules + " " + modules +
         "\" shape-rendering=\"crispEdges\">";
  svg += "<rect width=\"" + modules + "\" height=\"" + modules + "\" fill=\"#fff\"/>";
  svg += "<path fill=\"#000\" d=\"";
  for (int y = 0; y < matrix.width; ++y) {
    for (int x = 0; x < matrix.width;) {
      if (!matrix.isDark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < matrix.width && matrix.isDark(x + run, y)) ++run;
      // A run of `run` dark modules: a run x 1 rectangle.
      svg += 'M' + std::to_string(x + kQrQuietZone) + ' ' + std::to_string(y + kQrQuietZone) + 'h' +
             std::to_string(run) + "v1h-" + std::to_string(run) + 'z';
      x += run;
    }
  }
  svg += "\"/></svg>\n";
  return svg;
}

}  // namespace atrium::plugins::weddings
