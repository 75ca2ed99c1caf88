// The `qr:` block of the weddings plugin's config (config_schema.yaml, README.md): what the QR
// code of a guest page encodes and how its images are served.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "plugins/weddings/domain/qr_code.hpp"

namespace atrium::plugins::weddings {

struct QrSettings {
  std::string guest_page_url = "https://taklifnoma.uz/w/{slug}";  // the encoded text
  std::string path = "/api/weddings/{slug}/qr.svg";  // a wedding's qrCodeUrl; "" -> null
  QrErrorCorrection error_correction = QrErrorCorrection::kMedium;
  int module_px = 8;       // pixels per module when the request has no ?size=
  int max_module_px = 32;  // largest ?size= accepted
  int max_age = 3600;      // Cache-Control: public, max-age=<seconds>
};

// Reads `qr` (already checked against the schema). Throws std::runtime_error, which refuses
// the plugin's start, when guest_page_url has no {slug}, when the URL of the longest slug does
// not fit a QR code, or when module_px is above max_module_px.
QrSettings parseQrSettings(const nlohmann::json& qr);

}  // namespace atrium::plugins::weddings
