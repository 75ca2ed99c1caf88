// libpng reports errors with longjmp. The only frames a longjmp crosses are writePng (which
// calls setjmp) and the C callbacks below; none of them holds an object with a destructor,
// so no C++ destructor is skipped. C++ exceptions never cross libpng: the write callback
// catches and turns a failure into png_error after its catch block has ended.
#include "plugins/weddings/domain/qr_png.hpp"

#include <png.h>

#include <csetjmp>
#include <cstring>
#include <new>
#include <stdexcept>
#include <vector>

namespace atrium::plugins::weddings {
namespace {

// What writePng needs; plain data, owned by renderQrPng.
struct PngJob {
  std::string* out = nullptr;      // the file
  const png_byte* rows = nullptr;  // one packed row per symbol row, quiet zone included
  size_t row_bytes = 0;
  png_uint_32 pixels = 0;  // width = height
  int module_px = 0;
  int modules = 0;  // symbol width + 2 * quiet zone
};

[[noreturn]] void onError(png_structp png, png_const_charp /*message*/) { png_longjmp(png, 1); }
void onWarning(png_structp, png_const_charp) {}

void onWrite(png_structp png, png_bytep data, size_t length) {
  auto* job = static_cast<PngJob*>(png_get_io_ptr(png));
  bool failed = false;
  try {
    job->out->append(reinterpret_cast<const char*>(data), length);
  } catch (...) {
    failed = true;
  }
  if (failed) png_error(png, "out of memory");  // longjmps; the catch block above has ended
}

void onFlush(png_structp) {}

// Every libpng call that may fail runs here, after setjmp. Locals are trivially destructible
// and none is read after a longjmp.
bool writePng(png_structp png, png_infop info, PngJob* job) {
  // libpng's write API reports errors only by longjmp (file comment).
  if (setjmp(png_jmpbuf(png))) return false;  // NOLINT(cert-err52-cpp)
  png_set_write_fn(png, job, onWrite, onFlush);
  png_set_IHDR(png, info, job->pixels, job->pixels, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int row = 0; row < job->modules; ++row) {
    png_const_bytep bytes = job->rows + static_cast<size_t>(row) * job->row_bytes;
    for (int repeat = 0; repeat < job->module_px; ++repeat) {
      png_write_row(png, bytes);
    }
  }
  png_write_end(png, info);
  return true;
}

// One packed 1-bit row per symbol row (MSB first; 0 = black, 1 = white, as PNG gray).
std::vector<png_byte> packRows(const QrMatrix& matrix, int module_px, size_t row_bytes) {
  const int modules = matrix.width + 2 * kQrQuietZone;
  std::vector<png_byte> rows(row_bytes * static_cast<size_t>(modules), 0xFF);
  for (int y = 0; y < matrix.width; ++y) {
    png_byte* row = rows.data() + static_cast<size_t>(y + kQrQuietZone) * row_bytes;
    for (int x = 0; x < matrix.width; ++x) {
      if (!matrix.isDark(x, y)) continue;
      const size_t first = static_cast<size_t>(x + kQrQuietZone) * static_cast<size_t>(module_px);
      for (size_t px = first; px < first + static_cast<size_t>(module_px); ++px) {
        row[px / 8] = static_cast<png_byte>(row[px / 8] & ~(0x80U >> (px % 8)));
      }
    }
  }
  return rows;
}

}  // namespace

std::string renderQrPng(const QrMatrix& matrix, int module_px) {
  if (module_px < 1 || module_px > kMaxQrModulePx) {
    throw std::invalid_argument("module size must be 1.." + std::to_string(kMaxQrModulePx));
  }
  if (!matrix.valid()) throw std::invalid_argument("not a QR symbol");
  const int modules = matrix.width + 2 * kQrQuietZone;
  const auto pixels = static_cast<png_uint_32>(modules * module_px);
  const size_t row_bytes = (static_cast<size_t>(pixels) + 7) / 8;
  const std::vector<png_byte> rows = packRows(matrix, module_px, row_bytes);
  std::string out;

  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, onError, onWarning);
  if (png == nullptr) throw std::bad_alloc();
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    throw std::bad_alloc();
  }
  PngJob job;
  job.out = &out;
  job.rows = rows.data();
  job.row_bytes = row_bytes;
  job.pixels = pixels;
  job.module_px = module_px;
  job.modules = modules;
  const bool written = writePng(png, info, &job);
  png_destroy_write_struct(&png, &info);
  if (!written) throw std::runtime_error("libpng failed to write the QR code image");
  return out;
}

}  // namespace atrium::plugins::weddings
