#include "plugins/weddings/domain/qr_code.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace atrium::plugins::weddings {
namespace {

struct QrFree {
  void operator()(QRcode* code) const noexcept { QRcode_free(code); }
};

QRecLevel libraryLevel(QrErrorCorrection level) {
  switch (level) {
    case QrErrorCorrection::kLow: return QR_ECLEVEL_L;
    case QrErrorCorrection::kMedium: return QR_ECLEVEL_M;
    case QrErrorCorrection::kQuartile: return QR_ECLEVEL_Q;
    case QrErrorCorrection::kHigh: return QR_ECLEVEL_H;
  }
  return QR_ECLEVEL_M;
}

}  // namespace

std::optional<QrErrorCorrection> parseErrorCorrection(std::string_view name) {
  if (name == "L") return QrErrorCorrection::kLow;
  if (name == "M") return QrErrorCorrection::kMedium;
  if (name == "Q") return QrErrorCorrection::kQuartile;
  if (name == "H") return QrErrorCorrection::kHigh;
  return std::nullopt;
}

QrMatrix encodeQr(std::string_view text, QrErrorCorrection level) {
  if (text.empty()) throw QrCodeError("nothing to encode: the text is empty");
  if (text.size() > kMaxQrTextBytes) {
    throw QrCodeError("text of " + std::to_string(text.size()) + " bytes is longer than " +
                      std::to_string(kMaxQrTextBytes));
  }
  errno = 0;
  // Version 0: the smallest version that holds the data.
  const std::unique_ptr<QRcode, QrFree> code(QRcode_encodeData(
      static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
      libraryLevel(level)));
  if (!code) {
    const int error = errno;
    if (error == ERANGE) {
      throw QrCodeError("text of " + std::to_string(text.size()) +
                        " bytes does not fit a version 40 QR code at this error-correction level");
    }
    throw QrCodeError(error == ENOMEM ? "out of memory while encoding the QR code"
                                      : "libqrencode failed (errno " + std::to_string(error) + ")");
  }
  QrMatrix matrix;
  matrix.version = code->version;
  matrix.width = code->width;
  const size_t cells = static_cast<size_t>(code->width) * static_cast<size_t>(code->width);
  matrix.dark.resize(cells);
  for (size_t i = 0; i < cells; ++i) matrix.dark[i] = code->data[i] & 1U;  // bit 0: dark
  return matrix;
}

}  // namespace atrium::plugins::weddings
