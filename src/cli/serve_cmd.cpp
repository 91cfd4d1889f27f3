// `pvf serve`: the web application and API.
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>
#include <filesystem>
#include <iostream>
#include <pthread.h>

#include "cli/command.h"
#include "cli/db_open.h"
#include "cli/paths.h"
#include "core/crypto.h"
#include "demo/demo_seed.h"
#include "framework/framework.h"
#include "server/app.h"
#include "server/http_server.h"
#include "store/repositories.h"

namespace pvf::cli {
namespace fs = std::filesystem;
namespace {

struct ServeOptions {
  std::string db = "pvf.db";
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 2;
  bool demo = false;
  std::string web;
  std::string frameworks;
  std::string data_key;
};

// Loads every shipped framework definition; an unchanged one is a no-op, a changed one that
// assessments already use is kept as stored (it is immutable) with a warning.
int load_frameworks(store::Database& db, const std::string& dir) {
  int loaded = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".yaml" && entry.path().extension() != ".yml") continue;
    auto f = framework::load_yaml_file(entry.path().string());
    if (!f) {
      std::cerr << "pvf: skipping " << entry.path().string() << ":\n" << f.error().to_text() << "\n";
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto saved = store::save_framework(db, store::Actor::system(), *f, text.str());
    if (!saved) {
      std::cerr << "pvf: warning: " << entry.path().string() << ": " << saved.error().message << "\n";
      continue;
    }
    ++loaded;
  }
  return loaded;
}

int run_serve(const ServeOptions& o) {
  if (auto s = crypto::crypto_init(); !s) {
    std::cerr << "pvf: " << s.error().message << "\n";
    return 1;
  }
  {
    auto db = open_store(o.db);
    if (!db) return 1;
    const std::string fw_dir = o.frameworks.empty() ? data_dir() + "/frameworks" : o.frameworks;
    load_frameworks(*db, fw_dir);
    if (o.demo) {
      // The demo's person records are sealed with the server's own key, which App::init then
      // reads from the same file.
      if (auto s = crypto::crypto_init(); !s) {
        std::cerr << "pvf: " << s.error().to_text() << "\n";
        return 1;
      }
      auto key = crypto::DataKey::from_file(o.data_key.empty() ? o.db + ".key" : o.data_key, true);
      if (!key) {
        std::cerr << "pvf: " << key.error().to_text() << "\n";
        return 1;
      }
      auto summary = demo::seed_demo(*db, fw_dir + "/pvf-2017.yaml", data_dir() + "/demo", &*key);
      if (!summary) {
        std::cerr << "pvf: the demo could not be seeded:\n" << summary.error().to_text() << "\n";
        return 1;
      }
      std::cout << (summary->seeded ? "Demo data seeded: " : "Demo data already present: ")
                << summary->bodies << " bodies, " << summary->assessments << " assessments, "
                << summary->indicators << " indicators, " << summary->observations
                << " observations, " << summary->goals << " goals, " << summary->linkage_runs
                << " linkage run.\n"
                << "Demo accounts (username / password / role):\n";
      for (const auto& a : summary->accounts)
        std::cout << "  " << a.username << " / " << a.password << " / " << a.role
                  << (a.body.empty() ? "" : " (" + a.body + ")") << "\n";
    }
  }

  server::AppConfig config;
  config.db_path = o.db;
  config.data_key_file = o.data_key;
  config.web_root = o.web.empty() ? web_dist_dir() : o.web;
  if (!fs::exists(fs::path(config.web_root) / "index.html")) {
    std::cerr << "pvf: warning: no web front end at " << config.web_root
              << " (run scripts/setup to build it); serving the API only\n";
  }
  server::App app(config);
  if (auto s = app.init(); !s) {
    std::cerr << "pvf: " << s.error().to_text() << "\n";
    return 1;
  }

  // Signals are taken by one waiting thread, so the server's threads never see them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  server::HttpServer http({o.address, o.port, o.threads, 8 << 20},
                          [&app](server::Request& r) { return app.handle(r); });
  if (auto s = http.start(); !s) {
    std::cerr << "pvf: " << s.error().to_text() << "\n";
    return 1;
  }
  std::cout << "pvf is serving http://" << (o.address == "127.0.0.1" ? "localhost" : o.address)
            << ":" << http.port() << "/ (database " << o.db << "); Ctrl-C stops it." << std::endl;
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    http.stop();
  });
  http.wait();
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  std::cout << "pvf stopped." << std::endl;
  return 0;
}

}  // namespace

void register_serve_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Run the web application and JSON API");
  cmd->add_option("--db", o->db, "SQLite database file (created if missing)")->capture_default_str();
  cmd->add_option("--address", o->address, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o->port, "Port to listen on (0 picks a free one)")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Worker threads")->check(CLI::Range(1, 64))->capture_default_str();
  cmd->add_flag("--demo", o->demo, "Seed demo bodies, assessments and accounts the first time");
  cmd->add_option("--web", o->web, "Directory of the built web front end (default: web/dist)");
  cmd->add_option("--frameworks", o->frameworks,
                  "Directory of framework YAML files to load (default: data/frameworks)");
  cmd->add_option("--data-key", o->data_key,
                  "File of the 32-byte key that seals person records at rest (default: the "
                  "database file + .key, created with mode 600 on first start; keep it apart "
                  "from database backups)");
  cmd->callback([o, &ctx] { ctx.exit_code = run_serve(*o); });
}

}  // namespace pvf::cli
