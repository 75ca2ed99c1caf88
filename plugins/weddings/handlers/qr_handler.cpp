// weddings.qr: the QR code of a wedding's guest page as SVG or PNG (public; README.md).
// The format is the route path's extension (".../qr.svg", ".../qr.png"); a route without
// one reads ?format=svg|png (svg when absent). ?size= is pixels per module.
#include <charconv>

#include "plugins/weddings/domain/entity_tag.hpp"
#include "plugins/weddings/domain/qr_png.hpp"
#include "plugins/weddings/domain/qr_svg.hpp"
#include "plugins/weddings/domain/slug_template.hpp"
#include "plugins/weddings/handlers/support.hpp"

namespace atrium::plugins::weddings {
namespace {

enum class QrFormat { kSvg, kPng };

bool endsWith(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

QrFormat qrFormat(const Settings& s, const Request& req) {
  const std::string_view route = req.route();
  if (endsWith(route, ".svg")) return QrFormat::kSvg;
  if (endsWith(route, ".png")) return QrFormat::kPng;
  const std::string_view format = req.query("format").value_or("svg");
  if (format == "svg") return QrFormat::kSvg;
  if (format == "png") return QrFormat::kPng;
  invalid(s, {{"format", "must be svg or png"}});
}

int moduleSize(const Settings& s, const Request& req) {
  const std::optional<std::string_view> text = req.query("size");
  if (!text) return s.qr.module_px;
  int value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || text->size() > 3 || ec != std::errc() || ptr != end || value < 1 ||
      value > s.qr.max_module_px) {
    invalid(s, {{"size", "must be a whole number of pixels from 1 to " +
                             std::to_string(s.qr.max_module_px)}});
  }
  return value;
}

}  // namespace

Response weddingQr(Context& ctx, const Request& req, const Settings& s) {
  const QrFormat format = qrFormat(s, req);
  const int module_px = moduleSize(s, req);
  const std::string slug(req.param("slug").value_or(""));
  const std::optional<Wedding> w = wedding_repo::findBySlug(ctx.db(req), slug);
  if (!w) throw sdk::HttpError(404, "not_found", s.message("wedding_not_found", "Not found"));

  const std::string url = fillSlug(s.qr.guest_page_url, w->slug);
  QrMatrix matrix;
  try {
    matrix = encodeQr(url, s.qr.error_correction);
  } catch (const QrCodeError& e) {
    throw sdk::HttpError(500, "internal_error", "Internal error",
                         "QR code of " + url + ": " + e.what());
  }
  std::string body =
      format == QrFormat::kPng ? renderQrPng(matrix, module_px) : renderQrSvg(matrix, module_px);
  // A strong tag of the bytes themselves: it changes with the URL, the size, the format, the
  // error-correction level and the encoder, and with nothing else.
  const std::string etag = '"' + ctx.crypto().sha256Hex(body).substr(0, 32) + '"';
  const std::string cache = "public, max-age=" + std::to_string(s.qr.max_age);
  if (const auto if_none_match = req.header("If-None-Match");
      if_none_match && ifNoneMatchMatches(*if_none_match, etag)) {
    Response not_modified;
    not_modified.setStatus(304).addHeader("ETag", etag).addHeader("Cache-Control", cache);
    return not_modified;
  }
  Response image = Response::bytes(
      std::move(body), format == QrFormat::kPng ? "image/png" : "image/svg+xml; charset=utf-8");
  image.addHeader("ETag", etag).addHeader("Cache-Control", cache);
  return image;
}

}  // namespace atrium::plugins::weddings
