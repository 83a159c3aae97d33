#include "inbox/inbox_repository.h"

#include <gtest/gtest.h>

#include "testing/test_database.h"

namespace rx::inbox {
namespace {

class InboxRepositoryTest : public rx::testing::BackendTest {
 protected:
  ManualClock clock_{Instant(std::chrono::seconds(1'760'000'000))};
  SeededRandom random_{7};
  const Recipient firm_{RecipientKind::kEnterprise, "91310115MA1K3YJ662"};
  const Recipient bank_{RecipientKind::kInstitution, "bank-1"};

  Message send(const Recipient& to, const std::string& title) {
    Message out;
    EXPECT_TRUE(db().write([&](store::Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(
                          out, notify(s, clock_, random_, {to, "test", title, "正文", "/x"}));
                      return Status::ok();
                    })
                    .is_ok());
    clock_.advance(std::chrono::seconds(1));
    return out;
  }
  InboxPage list(InboxQuery q) {
    InboxPage page;
    EXPECT_TRUE(db().read([&](store::Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(page, list_messages(s, q));
                      return Status::ok();
                    })
                    .is_ok());
    return page;
  }
  static std::vector<std::string> titles(const InboxPage& p) {
    std::vector<std::string> out;
    for (const auto& m : p.items) out.push_back(m.title);
    return out;
  }
};

TEST_P(InboxRepositoryTest, NewestFirstPerRecipientWithCursor) {
  send(firm_, "一");
  send(bank_, "银行");
  send(firm_, "二");
  const Message third = send(firm_, "三");
  EXPECT_EQ(third.recipient.id, firm_.id);
  EXPECT_FALSE(third.read_at);
  InboxPage first = list({.recipient = firm_, .limit = 2});
  EXPECT_EQ(titles(first), (std::vector<std::string>{"三", "二"}));
  EXPECT_EQ(first.unread, 3);
  ASSERT_TRUE(first.next);
  InboxPage rest = list({.recipient = firm_, .after = first.next, .limit = 2});
  EXPECT_EQ(titles(rest), (std::vector<std::string>{"一"}));
  EXPECT_FALSE(rest.next);
  EXPECT_EQ(titles(list({.recipient = bank_})), (std::vector<std::string>{"银行"}));
  // An institution with the same id as an enterprise's USCC sees nothing of the enterprise's.
  EXPECT_TRUE(list({.recipient = {RecipientKind::kInstitution, firm_.id}}).items.empty());
}

TEST_P(InboxRepositoryTest, MarkReadOnlyOwnMessagesAndKeepsFirstReading) {
  const Message m = send(firm_, "一");
  send(firm_, "二");
  const Instant first_read = clock_.now();
  Result<Message> read = internal_error("unset");
  ASSERT_TRUE(db().write([&](store::Session& s) -> Status {
                    read = mark_read(s, firm_, m.id, first_read);
                    return read.status();
                  })
                  .is_ok());
  EXPECT_EQ(read->read_at, first_read);
  ASSERT_TRUE(db().write([&](store::Session& s) -> Status {
                    read = mark_read(s, firm_, m.id, first_read + std::chrono::hours(1));
                    return read.status();
                  })
                  .is_ok());
  EXPECT_EQ(read->read_at, first_read);
  Status other = db().write(
      [&](store::Session& s) -> Status { return mark_read(s, bank_, m.id, first_read).status(); });
  EXPECT_EQ(other.code(), StatusCode::kNotFound);
  EXPECT_EQ(list({.recipient = firm_}).unread, 1);
  EXPECT_EQ(titles(list({.recipient = firm_, .unread_only = true})),
            (std::vector<std::string>{"二"}));
}

RX_INSTANTIATE_BACKENDS(InboxRepositoryTest);

}  // namespace
}  // namespace rx::inbox
