#include "host/http/metrics.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace atrium::host::http {

namespace {

constexpr std::array<std::string_view, 8> kMethods = {"GET",   "HEAD",   "POST",    "PUT",
                                                      "PATCH", "DELETE", "OPTIONS", "OTHER"};
constexpr size_t kBucketCount = Metrics::kBucketBoundsNs.size();
constexpr size_t kStatusSlots = 32;

size_t methodIndex(std::string_view method) {
  for (size_t i = 0; i + 1 < kMethods.size(); ++i) {
    if (kMethods[i] == method) return i;
  }
  return kMethods.size() - 1;
}

uint32_t statusKey(size_t method_index, int status) {
  const int clamped = std::clamp(status, 0, 999);
  return static_cast<uint32_t>((method_index + 1) << 16) | static_cast<uint32_t>(clamped);
}

void appendNumber(std::string& out, uint64_t value) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, res.ptr);
}

void appendNumber(std::string& out, int64_t value) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, res.ptr);
}

void appendDouble(std::string& out, double value) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, res.ptr);
}

double nowSeconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

// Resident set size from /proc/self/statm (second field, in pages); 0 when unavailable.
uint64_t residentMemoryBytes() {
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[128];
  const ssize_t n = ::read(fd, buf, sizeof(buf) - 1);
  ::close(fd);
  if (n <= 0) return 0;
  const std::string_view text(buf, static_cast<size_t>(n));
  const size_t space = text.find(' ');
  if (space == std::string_view::npos) return 0;
  uint64_t pages = 0;
  const char* first = text.data() + space + 1;
  if (std::from_chars(first, text.data() + text.size(), pages).ec != std::errc()) return 0;
  const long page_size = ::sysconf(_SC_PAGESIZE);
  return pages * static_cast<uint64_t>(page_size > 0 ? page_size : 4096);
}

bool isCounterName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

struct Metrics::RouteStats {
  struct Histogram {
    std::array<std::atomic<uint64_t>, kBucketCount + 1> buckets{};  // last: above 10 s
    std::atomic<uint64_t> sum_ns{0};
  };
  struct StatusSlot {
    std::atomic<uint32_t> key{0};  // 0: free
    std::atomic<uint64_t> count{0};
  };

  std::string method;
  std::string pattern;
  std::string handler;
  std::array<Histogram, kMethods.size()> histograms{};
  std::array<StatusSlot, kStatusSlots> slots{};
  mutable std::mutex overflow_mutex;
  std::map<uint32_t, uint64_t> overflow;

  void countStatus(uint32_t key) {
    size_t i = (key * 2654435761u) % kStatusSlots;
    for (size_t probe = 0; probe < kStatusSlots; ++probe, i = (i + 1) % kStatusSlots) {
      uint32_t current = slots[i].key.load(std::memory_order_acquire);
      if (current == 0) {
        if (slots[i].key.compare_exchange_strong(current, key, std::memory_order_acq_rel)) {
          current = key;
        }
      }
      if (current == key) {
        slots[i].count.fetch_add(1, std::memory_order_relaxed);
        return;
      }
    }
    std::lock_guard lock(overflow_mutex);
    ++overflow[key];
  }

  std::vector<std::pair<uint32_t, uint64_t>> statusCounts() const {
    std::vector<std::pair<uint32_t, uint64_t>> counts;
    for (const auto& slot : slots) {
      const uint32_t key = slot.key.load(std::memory_order_acquire);
      const uint64_t count = slot.count.load(std::memory_order_relaxed);
      if (key != 0 && count != 0) counts.emplace_back(key, count);
    }
    {
      std::lock_guard lock(overflow_mutex);
      counts.insert(counts.end(), overflow.begin(), overflow.end());
    }
    std::sort(counts.begin(), counts.end());
    return counts;
  }
};

struct Metrics::RouteChunk {
  std::array<RouteStats, kChunkSize> routes;
};

Metrics::Metrics() : start_time_seconds_(nowSeconds()) {}
Metrics::~Metrics() = default;

size_t Metrics::registerRoute(std::string method, std::string pattern, std::string handler) {
  std::string key;
  key.reserve(method.size() + pattern.size() + handler.size() + 2);
  key.append(method).push_back('\0');
  key.append(pattern).push_back('\0');
  key.append(handler);

  std::lock_guard lock(registration_mutex_);
  if (auto it = route_ids_.find(key); it != route_ids_.end()) return it->second;
  const size_t id = route_count_.load(std::memory_order_relaxed);
  if (id >= kMaxRoutes) throw std::length_error("metrics: more than 65536 routes registered");
  const size_t chunk_index = id >> kChunkBits;
  if (chunks_[chunk_index].load(std::memory_order_relaxed) == nullptr) {
    owned_chunks_.push_back(std::make_unique<RouteChunk>());
    chunks_[chunk_index].store(owned_chunks_.back().get(), std::memory_order_release);
  }
  RouteStats& stats =
      chunks_[chunk_index].load(std::memory_order_relaxed)->routes[id & (kChunkSize - 1)];
  stats.method = std::move(method);
  stats.pattern = std::move(pattern);
  stats.handler = std::move(handler);
  route_ids_.emplace(std::move(key), id);
  route_count_.store(id + 1, std::memory_order_release);  // publishes the labels
  return id;
}

const Metrics::RouteStats* Metrics::route(size_t id) const {
  if (id >= route_count_.load(std::memory_order_acquire)) return nullptr;
  return &chunks_[id >> kChunkBits].load(std::memory_order_acquire)->routes[id & (kChunkSize - 1)];
}

Metrics::RouteStats* Metrics::route(size_t id) {
  return const_cast<RouteStats*>(std::as_const(*this).route(id));
}

void Metrics::recordRequest(size_t route_id, std::string_view method, int status,
                            std::chrono::nanoseconds latency) {
  RouteStats* stats = route(route_id);
  if (stats == nullptr) return;
  const size_t m = methodIndex(method);
  const int64_t ns = std::max<int64_t>(0, latency.count());
  auto& histogram = stats->histograms[m];
  size_t bucket = 0;
  while (bucket < kBucketCount && ns > kBucketBoundsNs[bucket]) ++bucket;
  histogram.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  histogram.sum_ns.fetch_add(static_cast<uint64_t>(ns), std::memory_order_relaxed);
  stats->countStatus(statusKey(m, status));
}

void Metrics::recordHandlerError(std::string_view handler_id) {
  std::lock_guard lock(counters_mutex_);
  auto it = handler_errors_.find(handler_id);
  if (it == handler_errors_.end()) it = handler_errors_.emplace(std::string(handler_id), 0).first;
  ++it->second;
}

void Metrics::incrementCounter(std::string_view name, uint64_t amount) {
  if (!isCounterName(name)) {
    throw std::invalid_argument("metrics: counter name '" + std::string(name) +
                                "' must be [a-z0-9_]+");
  }
  std::lock_guard lock(counters_mutex_);
  auto it = counters_.find(name);
  if (it == counters_.end()) it = counters_.emplace(std::string(name), 0).first;
  it->second += amount;
}

void Metrics::appendEscapedLabel(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out.append("\\\\"); break;
      case '"': out.append("\\\""); break;
      case '\n': out.append("\\n"); break;
      default: out.push_back(c);
    }
  }
}

void Metrics::appendFamily(std::string& out, std::string_view name, std::string_view type,
                           std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void Metrics::appendHistogram(std::string& out, std::string_view name, std::string_view labels,
                              std::span<const int64_t> bounds_ns, std::span<const uint64_t> counts,
                              int64_t sum_ns) {
  const auto series = [&](std::string_view suffix) {
    out.append(name).append(suffix).push_back('{');
    out.append(labels);
  };
  uint64_t cumulative = 0;
  for (size_t b = 0; b < counts.size(); ++b) {
    cumulative += counts[b];
    series("_bucket");
    out.append(labels.empty() ? "le=\"" : ",le=\"");
    if (b < bounds_ns.size()) {
      // %g as the other sources write bounds: 0.0005, 2.5, 10 (1e-05 below 0.0001).
      char bound[32];
      const int n =
          std::snprintf(bound, sizeof bound, "%.9g", static_cast<double>(bounds_ns[b]) / 1e9);
      out.append(bound, static_cast<size_t>(n));
    } else {
      out.append("+Inf");
    }
    out.append("\"} ");
    appendNumber(out, cumulative);
    out.push_back('\n');
  }
  series("_sum");
  out.append("} ");
  appendDouble(out, static_cast<double>(sum_ns) / 1e9);
  out.push_back('\n');
  series("_count");
  out.append("} ");
  appendNumber(out, cumulative);
  out.push_back('\n');
}

void Metrics::renderRoutes(std::string& out) const {
  const size_t count = route_count_.load(std::memory_order_acquire);
  auto routeLabels = [&out](const RouteStats& stats, std::string_view method) {
    out.append("{route=\"");
    appendEscapedLabel(out, stats.pattern);
    out.append("\",method=\"").append(method).append("\"");
  };

  appendFamily(out, "atrium_http_requests_total", "counter",
               "HTTP requests answered, by route pattern, method and status.");
  for (size_t id = 0; id < count; ++id) {
    const RouteStats& stats = *route(id);
    for (const auto& [key, n] : stats.statusCounts()) {
      out.append("atrium_http_requests_total");
      routeLabels(stats, kMethods[(key >> 16) - 1]);
      out.append(",status=\"");
      appendNumber(out, static_cast<uint64_t>(key & 0xFFFF));
      out.append("\"} ");
      appendNumber(out, n);
      out.push_back('\n');
    }
  }

  appendFamily(out, "atrium_http_request_duration_seconds", "histogram",
               "HTTP request latency in seconds, by route pattern and method.");
  for (size_t id = 0; id < count; ++id) {
    const RouteStats& stats = *route(id);
    for (size_t m = 0; m < kMethods.size(); ++m) {
      const auto& histogram = stats.histograms[m];
      std::array<uint64_t, kBucketCount + 1> buckets{};
      uint64_t total = 0;
      for (size_t b = 0; b <= kBucketCount; ++b) {
        buckets[b] = histogram.buckets[b].load(std::memory_order_relaxed);
        total += buckets[b];
      }
      if (total == 0) continue;
      std::string labels = "route=\"";
      appendEscapedLabel(labels, stats.pattern);
      labels.append("\",method=\"").append(kMethods[m]).append("\"");
      appendHistogram(out, "atrium_http_request_duration_seconds", labels, kBucketBoundsNs, buckets,
                      static_cast<int64_t>(histogram.sum_ns.load(std::memory_order_relaxed)));
    }
  }

  appendFamily(out, "atrium_http_route_info", "gauge",
               "Registered routes: pattern, method and the handler serving them.");
  for (size_t id = 0; id < count; ++id) {
    const RouteStats& stats = *route(id);
    out.append("atrium_http_route_info{route=\"");
    appendEscapedLabel(out, stats.pattern);
    out.append("\",method=\"");
    appendEscapedLabel(out, stats.method);
    out.append("\",handler=\"");
    appendEscapedLabel(out, stats.handler);
    out.append("\"} 1\n");
  }
}

std::string Metrics::renderPrometheus() const {
  std::string out;
  out.reserve(4096 + route_count_.load(std::memory_order_relaxed) * 1024);
  renderRoutes(out);

  appendFamily(out, "atrium_http_requests_in_flight", "gauge",
               "HTTP requests currently being handled.");
  out.append("atrium_http_requests_in_flight ");
  appendNumber(out, inFlight());
  out.push_back('\n');

  {
    std::lock_guard lock(counters_mutex_);
    appendFamily(out, "atrium_plugin_handler_errors_total", "counter",
                 "Plugin handler failures (exceptions and error statuses >= 500), by handler.");
    for (const auto& [handler, n] : handler_errors_) {
      out.append("atrium_plugin_handler_errors_total{handler=\"");
      appendEscapedLabel(out, handler);
      out.append("\"} ");
      appendNumber(out, n);
      out.push_back('\n');
    }
    for (const auto& [name, n] : counters_) {
      const std::string family = "atrium_" + name + "_total";
      appendFamily(out, family, "counter", "Host counter " + name + ".");
      out.append(family).push_back(' ');
      appendNumber(out, n);
      out.push_back('\n');
    }
  }

  appendFamily(out, "atrium_process_start_time_seconds", "gauge",
               "Start time of the process since the Unix epoch, in seconds.");
  out.append("atrium_process_start_time_seconds ");
  appendDouble(out, start_time_seconds_);
  out.push_back('\n');

  appendFamily(out, "atrium_process_resident_memory_bytes", "gauge",
               "Resident memory size of the process, in bytes.");
  out.append("atrium_process_resident_memory_bytes ");
  appendNumber(out, residentMemoryBytes());
  out.push_back('\n');
  return out;
}

}  // namespace atrium::host::http
