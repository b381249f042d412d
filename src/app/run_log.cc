#include "app/run_log.h"

#include <chrono>
#include <cmath>

#include "core/error.h"

namespace lf::app {

std::string Fixed(double v, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, v);
  return text;
}

double UnixTime() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

RunLog::RunLog(const std::string& path, std::string stdout_prefix)
    : stdout_prefix_(std::move(stdout_prefix)) {
  if (path.empty()) return;
  file_ = std::fopen(path.c_str(), "a");
  if (file_ == nullptr) throw InputError(SourceLocation{path}, "cannot open the run log");
}

RunLog::~RunLog() {
  if (file_ != nullptr) std::fclose(file_);
}

void RunLog::Line(const std::string& text) {
  std::printf("%s%s\n", stdout_prefix_.c_str(), text.c_str());
  std::fflush(stdout);
  if (file_ != nullptr) {
    std::fprintf(file_, "%s\n", text.c_str());
    std::fflush(file_);
  }
}

PhaseProgress::PhaseProgress(RunLog* log, std::string prefix, std::string phase, int64_t total,
                             double interval_s)
    : log_(log),
      prefix_(std::move(prefix)),
      phase_(std::move(phase)),
      total_(total),
      interval_s_(interval_s) {}

void PhaseProgress::Update(int64_t done) {
  if (timer_.Seconds() - last_print_ >= interval_s_) Print(done, false);
}

void PhaseProgress::Finish(int64_t done) { Print(done, true); }

void PhaseProgress::Print(int64_t done, bool final) {
  const double t = timer_.Seconds();
  last_print_ = t;
  const double rate = t > 0 ? static_cast<double>(done) / t : 0.0;
  char line[256];
  if (final) {
    std::snprintf(line, sizeof line, "%s %s: %lld/%lld done in %.1fs (%.2f/s)", prefix_.c_str(),
                  phase_.c_str(), static_cast<long long>(done), static_cast<long long>(total_), t,
                  rate);
  } else {
    const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : NAN;
    std::snprintf(line, sizeof line, "%s %s: %lld/%lld done, %.2f/s, ETA %s", prefix_.c_str(),
                  phase_.c_str(), static_cast<long long>(done), static_cast<long long>(total_),
                  rate, std::isnan(eta) ? "?" : (std::to_string(std::lround(eta)) + "s").c_str());
  }
  log_->Line(line);
}

}  // namespace lf::app
