#include "host/lua/engine_core.hpp"

#include <algorithm>

#include "host/lua/worker_state.hpp"

namespace atrium::host::lua {
namespace {

std::atomic<uint64_t> g_next_engine_id{1};

struct Binding {
  uint64_t engine_id;
  WorkerState* state;
  std::weak_ptr<EngineCore> core;
};

// The thread's states, one per engine it has called. At thread exit each live engine frees
// the thread's state.
struct ThreadBindings {
  std::vector<Binding> list;
  ~ThreadBindings() {
    for (Binding& binding : list) {
      if (auto core = binding.core.lock()) core->release(binding.state);
    }
  }
};

thread_local ThreadBindings t_bindings;

}  // namespace

EngineCore::EngineCore(EngineOptions options, const common::LogSink& sink, db::Database* database)
    : options_(std::move(options)),
      logger_(sink, "host.lua"),
      database_(database),
      id_(g_next_engine_id.fetch_add(1)),
      registry_(std::make_shared<Registry>()) {}

EngineCore::~EngineCore() = default;

std::shared_ptr<const Registry> EngineCore::snapshot() const {
  const std::lock_guard lock(registry_mutex_);
  return registry_;
}

void EngineCore::publish(std::shared_ptr<Registry> next) {
  const std::lock_guard lock(registry_mutex_);
  next->generation = registry_->generation + 1;
  registry_ = std::move(next);
  generation_.store(registry_->generation, std::memory_order_release);
}

WorkerState& EngineCore::threadState() {
  for (const Binding& binding : t_bindings.list) {
    if (binding.engine_id == id_) return *binding.state;
  }
  std::erase_if(t_bindings.list, [](const Binding& b) { return b.core.expired(); });
  auto state = std::make_unique<WorkerState>(*this);
  WorkerState* raw = state.get();
  {
    const std::lock_guard lock(states_mutex_);
    states_.push_back(std::move(state));
  }
  t_bindings.list.push_back(Binding{id_, raw, weak_from_this()});
  return *raw;
}

void EngineCore::release(WorkerState* state) {
  std::unique_ptr<WorkerState> doomed;
  {
    const std::lock_guard lock(states_mutex_);
    const auto it = std::find_if(states_.begin(), states_.end(),
                                 [&](const auto& owned) { return owned.get() == state; });
    if (it == states_.end()) return;
    doomed = std::move(*it);
    states_.erase(it);
  }
}

size_t EngineCore::stateCount() const {
  const std::lock_guard lock(states_mutex_);
  return states_.size();
}

}  // namespace atrium::host::lua
