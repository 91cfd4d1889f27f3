// `pvf user add`: create an account. The password comes on stdin so it never appears in the
// process list or shell history.
#include <iostream>

#include "cli/command.h"
#include "cli/db_open.h"
#include "core/crypto.h"
#include "store/repositories.h"

namespace pvf::cli {
namespace {

struct UserOptions {
  std::string db = "pvf.db";
  std::string username;
  std::string role;
  std::string display_name;
  std::string body_code;
  bool password_stdin = false;
};

int run_user_add(const UserOptions& o) {
  auto role = parse_role(o.role);
  if (!role) {
    std::cerr << "pvf: --role '" << o.role
              << "' is not a role: use admin, treasury_analyst, body_lead, assessor or viewer\n";
    return 2;
  }
  if (!o.password_stdin) {
    std::cerr << "pvf: give the password on standard input with --password-stdin\n";
    return 2;
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < 10) {
    std::cerr << "pvf: stdin: the password must be at least 10 characters\n";
    return 1;
  }
  if (auto s = crypto::crypto_init(); !s) {
    std::cerr << "pvf: " << s.error().message << "\n";
    return 1;
  }
  auto db = open_store(o.db);
  if (!db) return 1;
  std::optional<int64_t> body_id;
  if (!o.body_code.empty()) {
    auto body = store::find_body_by_code(*db, o.body_code);
    if (!body || !*body) {
      std::cerr << "pvf: --body-code: no body has the code '" << o.body_code << "'\n";
      return 1;
    }
    body_id = (*body)->id;
  }
  auto hash = crypto::hash_password(password);
  if (!hash) {
    std::cerr << "pvf: " << hash.error().message << "\n";
    return 1;
  }
  auto user = store::create_user(*db, store::Actor::system(), o.username, o.display_name, *role,
                                 body_id, *hash);
  if (!user) {
    std::cerr << "pvf: " << user.error().to_text() << "\n";
    return 1;
  }
  std::cout << "created user " << user->username << " (" << to_string(user->role) << ", id "
            << user->id << ")\n";
  return 0;
}

}  // namespace

void register_user_command(CLI::App& app, Context& ctx) {
  CLI::App* user = app.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto o = std::make_shared<UserOptions>();
  CLI::App* add = user->add_subcommand("add", "Create an account");
  add->add_option("--db", o->db, "SQLite database file")->capture_default_str();
  add->add_option("--username", o->username, "Sign-in name")->required();
  add->add_option("--role", o->role, "admin, treasury_analyst, body_lead, assessor or viewer")
      ->required();
  add->add_option("--display-name", o->display_name, "Name shown to others");
  add->add_option("--body-code", o->body_code, "Code of the body a body_lead or assessor works for");
  add->add_flag("--password-stdin", o->password_stdin, "Read the password from standard input");
  add->callback([o, &ctx] { ctx.exit_code = run_user_add(*o); });
}

}  // namespace pvf::cli
