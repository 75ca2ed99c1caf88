// A QR matrix as an SVG document: one <path> of horizontal runs of dark modules on a white
// square with a quiet zone of kQrQuietZone modules. Only numbers go into the document.
#pragma once

#include <string>

#include "plugins/weddings/domain/qr_code.hpp"

namespace atrium::plugins::weddings {

// `module_px` (> 0) sets the width and height attributes ((width + 8) * module_px pixels); the
// viewBox is in modules, so the drawing scales to any size. shape-rendering="crispEdges" keeps
// the modules sharp. Throws std::invalid_argument for module_px <= 0 or a matrix that is not
// valid().
std::string renderQrSvg(const QrMatrix& matrix, int module_px);

}  // namespace atrium::plugins::weddings
