#include "host/middleware/rate_limiter.hpp"

#include <chrono>

#include "host/http/envelope.hpp"
#include "host/http/metrics.hpp"
#include "host/middleware/database_rate_limit_store.hpp"
#include "host/middleware/memory_rate_limit_store.hpp"

namespace atrium::host::middleware {
namespace {

constexpr int64_t kFailureLogIntervalMs = 10000;

// Equal length and bytes, in time that depends only on the lengths.
bool constantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

// The principal's "sub" as text, or "" when anonymous or unreadable.
std::string subjectOf(const http::Request& request) {
  if (request.principal_json.empty()) return {};
  const nlohmann::json principal = nlohmann::json::parse(request.principal_json, nullptr, false);
  if (!principal.is_object() || !principal.contains("sub")) return {};
  const nlohmann::json& sub = principal.at("sub");
  if (sub.is_string()) return sub.get<std::string>();
  if (sub.is_number_integer()) return std::to_string(sub.get<int64_t>());
  return {};
}

RateLimitPolicy policyOf(const config::RateLimitConfig& c) {
  RateLimitPolicy policy;
  if (c.algorithm == config::RateLimitAlgorithmKind::kTokenBucket) {
    policy.algorithm = RateLimitAlgorithm::kTokenBucket;
    policy.max = c.burst;
    policy.refill_per_ms = c.rate / 1000.0;
  } else {
    policy.algorithm = RateLimitAlgorithm::kSlidingWindow;
    policy.window_ms = c.window.count();
    policy.max = c.max;
  }
  return policy;
}

int64_t seconds(int64_t ms) { return std::max<int64_t>(1, (ms + 999) / 1000); }

// A store for check-config runs, where no database is open.
class NoDatabaseStore final : public RateLimitStore {
 public:
  RateLimitDecision apply(std::string_view, const RateLimitPolicy&, const std::string&, int64_t,
                          RateLimitMode) override {
    throw RateLimitStoreError("no database is open");
  }
};

}  // namespace

int64_t systemClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RateLimiter::RateLimiter(const config::RateLimitConfig& config,
                         std::shared_ptr<RateLimitStore> store, const common::LogSink& logs,
                         RateLimitClock clock)
    : config_(config),
      policy_(policyOf(config)),
      store_(std::move(store)),
      logger_(logs, "host.rate_limit"),
      clock_(std::move(clock)) {}

std::optional<std::string> RateLimiter::keyFor(const http::Request& request) const {
  if (!config_.skip_header.empty()) {
    if (auto value = request.header(config_.skip_header);
        value && constantTimeEquals(*value, config_.skip_value)) {
      return std::nullopt;
    }
  }
  std::string key;
  for (const config::RateLimitKeyConfig& part : config_.key) {
    if (!key.empty()) key += '\x1f';
    switch (part.part) {
      case config::RateLimitKeyPart::kIp: key += "ip:" + request.client_ip; break;
      case config::RateLimitKeyPart::kUser: {
        const std::string sub = subjectOf(request);
        key += sub.empty() ? "ip:" + request.client_ip : "user:" + sub;
        break;
      }
      case config::RateLimitKeyPart::kRoute:
        key += "route:" + request.method + " " + request.route_pattern;
        break;
      case config::RateLimitKeyPart::kHeader: {
        const auto value = request.header(part.header);
        key += "h:" + std::string(value.value_or(std::string_view{}));
        break;
      }
    }
  }
  return key;
}

std::optional<RateLimitDecision> RateLimiter::apply(const std::string& key, RateLimitMode mode) {
  try {
    return store_->apply(config_.name, policy_, key, clock_(), mode);
  } catch (const std::exception& e) {
    storeFailed(e);
    if (!config_.fail_open) throw RateLimitStoreError(e.what());
  }
  return std::nullopt;
}

std::optional<RateLimitDecision> RateLimiter::check(const std::string& key) {
  return apply(key,
               config_.count_failed_only ? RateLimitMode::kPeek : RateLimitMode::kCheckAndCount);
}

bool RateLimiter::countsAsFailure(int status) const {
  if (config_.failed_statuses.empty()) return status >= 400;
  return std::find(config_.failed_statuses.begin(), config_.failed_statuses.end(), status) !=
         config_.failed_statuses.end();
}

void RateLimiter::recordResponse(const std::string& key, int status) {
  if (!config_.count_failed_only || !countsAsFailure(status)) return;
  try {
    apply(key, RateLimitMode::kCount);
  } catch (const RateLimitStoreError&) {
    // Already logged and counted; the answer is already decided.
  }
}

void RateLimiter::storeFailed(const std::exception& e) {
  store_errors_.fetch_add(1, std::memory_order_relaxed);
  const int64_t now = clock_();
  int64_t last = last_failure_log_ms_.load(std::memory_order_relaxed);
  if (now - last >= kFailureLogIntervalMs &&
      last_failure_log_ms_.compare_exchange_strong(last, now)) {
    logger_.warn(config_.fail_open ? "rate-limit store failed; requests pass unlimited (fail open)"
                                   : "rate-limit store failed; requests are refused (fail closed)",
                 {{"limiter", config_.name}, {"detail", e.what()}});
  }
}

void RateLimiter::reject(const http::Request& request, http::Response& response,
                         const RateLimitDecision& decision) {
  limited_.fetch_add(1, std::memory_order_relaxed);
  const int64_t retry_after = seconds(decision.retry_after_ms);
  http::ErrorInfo error{429, config_.code, config_.message, {}};
  error.retry_after = retry_after;
  response.setHeader("Retry-After", std::to_string(retry_after));
  if (config_.body.is_null()) {
    response.setError(429, config_.code, config_.message,
                      "limiter " + config_.name + " refused the request");
    response.error.retry_after = retry_after;
    return;
  }
  const nlohmann::json rendered = http::renderTemplate(config_.body, error, request.request_id);
  response.status = 429;
  if (rendered.is_string()) {
    response.body = rendered.get<std::string>();
    response.content_type = "text/plain; charset=utf-8";
  } else {
    response.body = rendered.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    response.content_type = "application/json";
  }
}

int64_t RateLimiter::keys() const { return store_->size(); }

RateLimiterSet::RateLimiterSet(const std::map<std::string, config::RateLimitConfig>& configs,
                               db::Database* database, const common::LogSink& logs,
                               RateLimitClock clock) {
  std::shared_ptr<RateLimitStore> shared;
  for (const auto& [name, config] : configs) {
    std::shared_ptr<RateLimitStore> store;
    if (config.database_store) {
      if (!shared) {
        shared = database ? std::shared_ptr<RateLimitStore>(
                                std::make_shared<DatabaseRateLimitStore>(*database))
                          : std::make_shared<NoDatabaseStore>();
      }
      store = shared;
    } else {
      store = std::make_shared<MemoryRateLimitStore>(config.max_keys);
    }
    limiters_.emplace(name, std::make_unique<RateLimiter>(config, std::move(store), logs, clock));
  }
}

RateLimiter* RateLimiterSet::find(const std::string& name) const {
  const auto it = limiters_.find(name);
  return it == limiters_.end() ? nullptr : it->second.get();
}

void RateLimiterSet::renderPrometheus(std::string& out) const {
  if (limiters_.empty()) return;
  const auto family = [&](const char* name, const char* type, const char* help,
                          const std::function<int64_t(const RateLimiter&)>& value) {
    http::Metrics::appendFamily(out, name, type, help);
    for (const auto& [limiter_name, limiter] : limiters_) {
      const int64_t v = value(*limiter);
      if (v < 0) continue;
      out += name;
      out += "{limiter=\"";
      http::Metrics::appendEscapedLabel(out, limiter_name);
      out += "\"} " + std::to_string(v) + "\n";
    }
  };
  family("atrium_rate_limited_total", "counter", "Requests refused with 429, by limiter.",
         [](const RateLimiter& l) { return static_cast<int64_t>(l.limitedCount()); });
  family("atrium_rate_limit_store_errors_total", "counter",
         "Rate-limit store failures (the request passed or got 503 per on_store_error).",
         [](const RateLimiter& l) { return static_cast<int64_t>(l.storeErrorCount()); });
  family("atrium_rate_limit_keys", "gauge", "Keys held by a memory store, by limiter.",
         [](const RateLimiter& l) { return l.keys(); });
}

}  // namespace atrium::host::middleware
