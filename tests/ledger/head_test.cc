#include "ledger/head.h"

#include <gtest/gtest.h>

namespace rx::ledger {
namespace {

crypto::Ed25519Key key(char fill) {
  auto k = crypto::Ed25519Key::from_seed(std::string(32, fill));
  EXPECT_TRUE(k.is_ok());
  return std::move(k).value();
}

TEST(TreeHead, SignsTheRfc9162TreeHeadData) {
  Hash root = leaf_hash("x");
  std::string data = tree_head_data(5, root, 0x0102030405060708);
  ASSERT_EQ(data.size(), 8u + 8u + 1u + 32u + 2u);
  EXPECT_EQ(data.substr(0, 8), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(data.substr(8, 8), std::string("\0\0\0\0\0\0\0\x05", 8));
  EXPECT_EQ(data[16], 32);
  auto k = key('a');
  TreeHead head = sign_head(k, 5, root, 1000);
  EXPECT_TRUE(verify_head(k.public_key(), head));
  head.size = 6;
  EXPECT_FALSE(verify_head(k.public_key(), head));
}

TEST(Checkpoint, IsASignedNoteThatParsesBackAndVerifies) {
  auto log = key('b');
  Hash root = leaf_hash("y");
  std::string body = checkpoint_body("example.org/log", 12, root);
  EXPECT_EQ(body.substr(0, 19), "example.org/log\n12\n");
  std::string note = sign_note(log, "example.org/log", body);
  auto c = parse_checkpoint(note);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->origin, "example.org/log");
  EXPECT_EQ(c->size, 12u);
  EXPECT_EQ(c->root, root);
  EXPECT_TRUE(has_note_signature(*c, "example.org/log", log.public_key()));
  EXPECT_FALSE(has_note_signature(*c, "example.org/log", key('c').public_key()));

  auto witness = key('w');
  std::string cosigned = note + cosignature_line(witness, "witness.example", c->body, 1700000000);
  auto w = parse_checkpoint(cosigned);
  ASSERT_TRUE(w.is_ok());
  EXPECT_EQ(cosignature_time(*w, "witness.example", witness.public_key()), 1700000000u);
  EXPECT_EQ(cosignature_time(*w, "witness.example", log.public_key()), std::nullopt);

  std::string tampered = note;
  tampered.replace(tampered.find("\n12\n"), 4, "\n13\n");
  auto t = parse_checkpoint(tampered);
  ASSERT_TRUE(t.is_ok());
  EXPECT_FALSE(has_note_signature(*t, "example.org/log", log.public_key()));
}

TEST(Checkpoint, MalformedNotesNameTheLine) {
  EXPECT_NE(parse_checkpoint("origin\n12\n").status().message().find("blank line"),
            std::string::npos);
  EXPECT_NE(parse_checkpoint("origin\nx\nAAAA\n\n").status().message().find("line 2"),
            std::string::npos);
  EXPECT_NE(parse_checkpoint("origin\n1\nAAAA\n\n").status().message().find("line 3"),
            std::string::npos);
  std::string body = checkpoint_body("o", 1, leaf_hash("z"));
  EXPECT_NE(parse_checkpoint(body + "\nnot a signature\n").status().message().find("line 5"),
            std::string::npos);
}

TEST(Checkpoint, VerifierKeyHasTheNoteFormat) {
  auto k = key('d');
  std::string vkey = note_verifier_key("example.org/log", k.public_key());
  EXPECT_EQ(vkey.rfind("example.org/log+", 0), 0u);
  EXPECT_EQ(vkey.size(), std::string("example.org/log+").size() + 8 + 1 + 44);
}

}  // namespace
}  // namespace rx::ledger
