#include "core/data_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pvf::crypto {
namespace {

static_assert(DataKey::kBytes == crypto_secretbox_KEYBYTES);
static_assert(DataKey::kBytes == crypto_kdf_KEYBYTES);
constexpr char kContext[crypto_kdf_CONTEXTBYTES] = {'p', 'v', 'f', 'd', 'a', 't', 'a', '1'};

Status read_exactly(int fd, unsigned char* out, std::size_t n, const std::string& path) {
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, out + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  unsigned char extra;
  if (got != n || ::read(fd, &extra, 1) != 0)
    return fail(Error::invalid("a data key file holds exactly 32 bytes", path));
  return {};
}

}  // namespace

DataKey::DataKey(const std::array<unsigned char, kBytes>& master) {
  crypto_kdf_derive_from_key(seal_key_.data(), seal_key_.size(), 1, kContext, master.data());
  crypto_kdf_derive_from_key(pseudonym_key_.data(), pseudonym_key_.size(), 2, kContext,
                             master.data());
}

DataKey::~DataKey() {
  sodium_memzero(seal_key_.data(), seal_key_.size());
  sodium_memzero(pseudonym_key_.data(), pseudonym_key_.size());
}

DataKey DataKey::random() {
  std::array<unsigned char, kBytes> master{};
  crypto_kdf_keygen(master.data());
  DataKey key(master);
  sodium_memzero(master.data(), master.size());
  return key;
}

Result<DataKey> DataKey::from_file(const std::string& path, bool create) {
  std::array<unsigned char, kBytes> master{};
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    // O_EXCL: two servers starting at once must not each write a different key.
    int out = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out >= 0) {
      crypto_kdf_keygen(master.data());
      bool ok = ::write(out, master.data(), master.size()) == static_cast<ssize_t>(master.size());
      ok = ::fsync(out) == 0 && ok;
      ::close(out);
      if (!ok) {
        ::unlink(path.c_str());
        sodium_memzero(master.data(), master.size());
        return fail(Error::io("cannot write the new data key file", path));
      }
      DataKey key(master);
      sodium_memzero(master.data(), master.size());
      return key;
    }
    if (errno != EEXIST)
      return fail(Error::io(std::string("cannot create the data key file: ") + std::strerror(errno), path));
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0)
    return fail(Error::io(std::string("cannot open the data key file: ") + std::strerror(errno), path));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::close(fd);
    return fail(Error::invalid(
        "the data key file must be readable by its owner only (chmod 600)", path));
  }
  auto read = read_exactly(fd, master.data(), master.size(), path);
  ::close(fd);
  if (!read) return fail(read.error());
  DataKey key(master);
  sodium_memzero(master.data(), master.size());
  return key;
}

std::string DataKey::seal(std::string_view plain) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(bytes, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(bytes + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), bytes,
                        seal_key_.data());
  return out;
}

Result<std::string> DataKey::open(std::string_view sealed) const {
  constexpr std::size_t overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (sealed.size() < overhead)
    return fail(Error::invalid("a sealed value is too short: not sealed by pvf"));
  std::string plain(sealed.size() - overhead, '\0');
  const auto* bytes = reinterpret_cast<const unsigned char*>(sealed.data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 bytes + crypto_secretbox_NONCEBYTES,
                                 sealed.size() - crypto_secretbox_NONCEBYTES, bytes,
                                 seal_key_.data()) != 0)
    return fail(Error::invalid(
        "a sealed value does not open with this data key (another key, or altered)"));
  return plain;
}

std::string DataKey::pseudonym(std::string_view identifier) const {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(identifier.data()),
                     identifier.size(), pseudonym_key_.data(), pseudonym_key_.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace pvf::crypto
