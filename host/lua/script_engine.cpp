#include "host/lua/script_engine.hpp"

#include <algorithm>

#include "host/lua/engine_core.hpp"
#include "host/lua/json_codecs.hpp"
#include "host/lua/script_catalog.hpp"
#include "host/lua/script_watcher.hpp"
#include "host/lua/worker_state.hpp"

namespace atrium::host::lua {

ScriptEngine::ScriptEngine(EngineOptions options, const common::LogSink& sink,
                           db::Database* database)
    : core_(std::make_shared<EngineCore>(std::move(options), sink, database)),
      catalog_(std::make_unique<ScriptCatalog>(*core_)) {}

void ScriptEngine::provideEvents(events::EventsService* events) { core_->setEvents(events); }

void ScriptEngine::provideMessaging(messaging::MessagingService* messaging) {
  core_->setMessaging(messaging);
}

void ScriptEngine::provideAi(ai::AiService* ai) { core_->setAi(ai); }

ScriptEngine::~ScriptEngine() {
  watcher_.reset();  // no scan runs past this point
}

std::vector<std::string> ScriptEngine::loadAll() {
  std::vector<std::string> errors = catalog_->scan(false);
  const std::lock_guard lock(watcher_mutex_);
  if (watcher_ == nullptr && core_->options().reload_interval.count() > 0) {
    watcher_ = std::make_unique<ScriptWatcher>(*catalog_, core_->options().reload_interval);
  }
  return errors;
}

nlohmann::json ScriptEngine::call(std::string_view script_id, std::string_view function,
                                  const nlohmann::json& args, const CallContext& context) {
  JsonValueCodec codec(args);
  core_->threadState().call(script_id, function, codec, context);
  return std::move(codec.result());
}

std::string ScriptEngine::callJson(std::string_view script_id, std::string_view function,
                                   std::string_view args_json, const CallContext& context) {
  JsonTextCodec codec(args_json);
  core_->threadState().call(script_id, function, codec, context);
  return std::move(codec.result());
}

void ScriptEngine::callWith(std::string_view script_id, std::string_view function, CallCodec& codec,
                            const CallContext& context) {
  core_->threadState().call(script_id, function, codec, context);
}

std::vector<ScriptStatus> ScriptEngine::status() const {
  std::vector<ScriptStatus> out;
  for (const auto& [id, record] : core_->snapshot()->scripts) {
    out.push_back(
        ScriptStatus{id, record->relative_file, record->version, record->error, record->loaded_at});
  }
  std::sort(out.begin(), out.end(),
            [](const ScriptStatus& a, const ScriptStatus& b) { return a.id < b.id; });
  return out;
}

void ScriptEngine::renderPrometheus(std::string& out) const {
  core_->metrics().renderPrometheus(out, *core_->snapshot());
}

bool ScriptEngine::has(std::string_view script_id) const {
  const auto snapshot = core_->snapshot();
  const ScriptRecord* record = snapshot->find(script_id);
  return record != nullptr && record->version != 0;
}

}  // namespace atrium::host::lua
