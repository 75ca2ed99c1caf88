#include "plugins/weddings/handlers/qr_settings.hpp"

#include <stdexcept>

#include "plugins/weddings/domain/slug_template.hpp"

namespace atrium::plugins::weddings {

QrSettings parseQrSettings(const nlohmann::json& qr) {
  QrSettings s;
  s.guest_page_url = qr.value("guest_page_url", s.guest_page_url);
  s.path = qr.value("path", s.path);
  const std::string level = qr.value("error_correction", std::string("M"));
  const std::optional<QrErrorCorrection> parsed = parseErrorCorrection(level);
  if (!parsed) throw std::runtime_error("qr.error_correction must be L, M, Q or H, not " + level);
  s.error_correction = *parsed;
  s.module_px = qr.value("module_px", s.module_px);
  s.max_module_px = qr.value("max_module_px", s.max_module_px);
  s.max_age = qr.value("max_age", s.max_age);
  if (!hasSlugPlaceholder(s.guest_page_url)) {
    throw std::runtime_error("qr.guest_page_url must contain {slug}: " + s.guest_page_url);
  }
  if (!s.path.empty() && !hasSlugPlaceholder(s.path)) {
    throw std::runtime_error("qr.path must contain {slug} (or be empty): " + s.path);
  }
  if (s.module_px > s.max_module_px) {
    throw std::runtime_error("qr.module_px (" + std::to_string(s.module_px) +
                             ") is above qr.max_module_px (" + std::to_string(s.max_module_px) +
                             ")");
  }
  // Slugs are at most 60 characters: if that URL fits, every guest page's does.
  try {
    encodeQr(fillSlug(s.guest_page_url, std::string(60, 'a')), s.error_correction);
  } catch (const QrCodeError& e) {
    throw std::runtime_error("qr.guest_page_url is too long for a QR code: " +
                             std::string(e.what()));
  }
  return s;
}

}  // namespace atrium::plugins::weddings
