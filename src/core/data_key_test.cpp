#include "core/data_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.h"

namespace pvf::crypto {
namespace {

namespace fs = std::filesystem;

class DataKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    dir_ = fs::temp_directory_path() / ("pvf-key-" + random_token().substr(0, 12));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(DataKeyTest, SealedValuesOpenWithTheSameKeyOnly) {
  const DataKey key = DataKey::random(), other = DataKey::random();
  const std::string sealed = key.seal("Ada Lovelace, 1815-12-10");
  EXPECT_EQ(sealed.size(), std::string("Ada Lovelace, 1815-12-10").size() + 40);
  EXPECT_EQ(sealed.find("Lovelace"), std::string::npos);
  auto opened = key.open(sealed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "Ada Lovelace, 1815-12-10");
  EXPECT_FALSE(other.open(sealed));
  EXPECT_NE(key.seal("same"), key.seal("same"));  // a fresh nonce each time
}

TEST_F(DataKeyTest, AlteredOrTruncatedValuesAreRefused) {
  const DataKey key = DataKey::random();
  std::string sealed = key.seal("record");
  sealed.back() ^= 1;
  EXPECT_FALSE(key.open(sealed));
  EXPECT_FALSE(key.open("short"));
  EXPECT_TRUE(key.open(key.seal("")));  // an empty value is still sealed and opens
}

TEST_F(DataKeyTest, PseudonymsAreStablePerKeyAndDifferAcrossKeys) {
  const DataKey key = DataKey::random(), other = DataKey::random();
  EXPECT_EQ(key.pseudonym("NHS 943 476 5919"), key.pseudonym("NHS 943 476 5919"));
  EXPECT_EQ(key.pseudonym("x").size(), 32u);
  EXPECT_NE(key.pseudonym("NHS 943 476 5919"), key.pseudonym("NHS 943 476 5918"));
  EXPECT_NE(key.pseudonym("NHS 943 476 5919"), other.pseudonym("NHS 943 476 5919"));
}

TEST_F(DataKeyTest, AKeyFileIsCreatedOwnerOnlyAndReadBack) {
  const std::string path = (dir_ / "pvf.key").string();
  EXPECT_FALSE(DataKey::from_file(path, /*create=*/false));
  auto created = DataKey::from_file(path, /*create=*/true);
  ASSERT_TRUE(created) << created.error().to_text();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  auto again = DataKey::from_file(path, /*create=*/true);
  ASSERT_TRUE(again);
  auto opened = again->open(created->seal("kept across restarts"));
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "kept across restarts");
  EXPECT_EQ(again->pseudonym("id-1"), created->pseudonym("id-1"));
}

TEST_F(DataKeyTest, KeyFilesOfTheWrongSizeOrOpenToOthersAreRefused) {
  const std::string short_path = (dir_ / "short.key").string();
  { std::ofstream(short_path) << "too short"; }
  fs::permissions(short_path, fs::perms::owner_read | fs::perms::owner_write);
  auto bad = DataKey::from_file(short_path, true);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("32 bytes"), std::string::npos);

  const std::string open_path = (dir_ / "open.key").string();
  ASSERT_TRUE(DataKey::from_file(open_path, true));
  fs::permissions(open_path, fs::perms::group_read, fs::perm_options::add);
  auto shared = DataKey::from_file(open_path, false);
  ASSERT_FALSE(shared);
  EXPECT_NE(shared.error().message.find("chmod 600"), std::string::npos);
}

}  // namespace
}  // namespace pvf::crypto
