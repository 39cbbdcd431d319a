// Integration tests of files::FileStore against PostgreSQL: owner scoping, the quota
// (also under concurrent uploads of one user), lists filtered by type.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/random.h"
#include "files/file_store.h"
#include "integration/resource_fixtures.h"

namespace keel::files {
namespace {

using test::kMissingId;

NewFile Sample(int64_t size, std::string type = "image/png") {
  return NewFile{.name = "a.png",
                 .content_type = std::move(type),
                 .size = size,
                 .sha256 = std::string(64, 'a'),
                 .storage_key = crypto::HexEncode(crypto::RandomBytes(16))};
}

class FileStoreTest : public test::StoreTest {};

TEST_F(FileStoreTest, OwnerScoped) {
  auto f = CreateFile(db(), alice_, Sample(10), 1000);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_TRUE(GetFile(db(), alice_, f->id).ok());
  EXPECT_EQ(GetFile(db(), bob_, f->id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(DeleteFile(db(), bob_, f->id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(GetFile(db(), alice_, kMissingId).status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(*StorageKeyInUse(db(), f->storage_key));
  auto gone = DeleteFile(db(), alice_, f->id);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->storage_key, f->storage_key);
  EXPECT_FALSE(*StorageKeyInUse(db(), f->storage_key));
}

TEST_F(FileStoreTest, QuotaNamesItsLimit) {
  ASSERT_TRUE(CreateFile(db(), alice_, Sample(600), 1000).ok());
  auto over = CreateFile(db(), alice_, Sample(401), 1000);
  EXPECT_EQ(over.status().code(), ErrorCode::kPayloadTooLarge);
  EXPECT_NE(over.status().message().find("1000"), std::string::npos);
  EXPECT_TRUE(CreateFile(db(), alice_, Sample(400), 1000).ok());  // exactly the quota
  EXPECT_TRUE(CreateFile(db(), bob_, Sample(1000), 1000).ok());   // per user
  EXPECT_EQ(*UsedBytes(db(), alice_), 1000);
}

TEST_F(FileStoreTest, ConcurrentUploadsCannotOvershootTheQuota) {
  std::atomic<int> stored{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto db = test::ConnectTestDb();
      if (CreateFile(*db, alice_, Sample(300), 1000).ok()) ++stored;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(stored.load(), 3);
  EXPECT_EQ(*UsedBytes(db(), alice_), 900);
}

}  // namespace
}  // namespace keel::files
