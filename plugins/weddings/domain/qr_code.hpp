// A QR code of a text (the guest page's URL): encoding with libqrencode into a module matrix.
// Pure functions, tested without a host (tests/plugins/weddings/qr_code_test.cpp);
// qr_svg.hpp and qr_png.hpp render the matrix.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::plugins::weddings {

// How much of the symbol may be damaged and still read: L 7%, M 15%, Q 25%, H 30%.
enum class QrErrorCorrection { kLow, kMedium, kQuartile, kHigh };

// "L", "M", "Q" or "H" (as in the config); std::nullopt for anything else.
std::optional<QrErrorCorrection> parseErrorCorrection(std::string_view name);

// Longest text encodeQr accepts, in bytes. Version 40 at level L holds 2953 bytes in 8-bit
// mode; a guest page URL is far shorter, so the limit only bounds the work per request.
inline constexpr size_t kMaxQrTextBytes = 2953;

// Quiet zone the renderers draw around the symbol, in modules (ISO/IEC 18004 asks for 4).
inline constexpr int kQrQuietZone = 4;

// Why encodeQr failed: the text is empty, longer than kMaxQrTextBytes, or does not fit a
// version 40 symbol at the chosen level (or libqrencode ran out of memory).
class QrCodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The symbol: `width` x `width` modules (21 for version 1 ... 177 for version 40), row-major.
struct QrMatrix {
  int version = 0;
  int width = 0;
  std::vector<uint8_t> dark;  // 1 = dark module

  // A symbol encodeQr could have made: 21..177 modules wide in steps of 4, `dark` width x width.
  bool valid() const {
    return width >= 21 && width <= 177 && (width - 21) % 4 == 0 &&
           dark.size() == static_cast<size_t>(width) * static_cast<size_t>(width);
  }
  bool isDark(int x, int y) const {
    return dark[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)] != 0;
  }
};

// Encodes `text` byte for byte (8-bit mode) in the smallest version that holds it at `level`.
// Throws QrCodeError (see above). Thread-safe (libqrencode locks its shared tables).
QrMatrix encodeQr(std::string_view text, QrErrorCorrection level);

}  // namespace atrium::plugins::weddings
