// A QR matrix as a PNG image written to memory with libpng: 1-bit grayscale, each module
// `module_px` x `module_px` pixels, a quiet zone of kQrQuietZone modules.
#pragma once

#include <string>

#include "plugins/weddings/domain/qr_code.hpp"

namespace atrium::plugins::weddings {

// Largest module size renderQrPng draws: a version 40 symbol is then (177 + 8) * 64 = 11,840
// pixels square (about 17 MB of rows before compression; the PNG is a few hundred KB).
inline constexpr int kMaxQrModulePx = 64;

// The PNG file's bytes. Throws std::invalid_argument for a module size outside
// 1..kMaxQrModulePx or a matrix that is not valid(), and std::runtime_error when libpng fails (out
// of memory).
std::string renderQrPng(const QrMatrix& matrix, int module_px);

}  // namespace atrium::plugins::weddings
