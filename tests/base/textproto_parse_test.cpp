#include "base/textproto_parse.h"

#include <gtest/gtest.h>

#include <string>

#include "base/errors.h"
#include "base/proto/scenario.pb.h"
#include "support/files.h"

namespace stackrace {
namespace {

using test_support::column_of;
using test_support::line_of;
using test_support::TempDir;
using test_support::write_file;

// The InputError message of parsing `text` as a Scenario named "t.textproto".
std::string parse_error(const std::string& text) {
  Scenario s;
  try {
    parse_textproto(text, "t.textproto", s);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError for:\n" << text;
  return "";
}

TEST(ParseTextproto, RecordsOneBasedLocationsOfFields) {
  const std::string text =
      "name: \"x\"\nhorizon {\n  start_month: \"2025-01\"\n}\nsupply {\n"
      "  lab { name: \"a\" }\n  lab {\n    name: \"b\"\n    price_usd_per_mtok: 2\n  }\n}\n"
      "access {\n  blocked {\n    stack: US_OPEN\n    iso3: \"CHN\"\n    iso3: \"IRN\"\n"
      "    iso3: \"PRK\"\n  }\n}\n";
  Scenario s;
  const SourceMap source = parse_textproto(text, "t.textproto", s);
  EXPECT_EQ(s.horizon().start_month(), "2025-01");
  EXPECT_EQ(source.file(), "t.textproto");
  EXPECT_EQ(source.locate(s, "name"), "t.textproto:1:1");
  EXPECT_EQ(source.locate(s, "horizon.start_month"), "t.textproto:3:3");
  EXPECT_EQ(source.locate(s, "supply.lab[1].price_usd_per_mtok"),
            "t.textproto:" + std::to_string(line_of(text, "price_usd_per_mtok: 2")) + ":" +
                std::to_string(column_of(text, "price_usd_per_mtok: 2")));
  EXPECT_EQ(source.locate(s, "supply.lab[1].name"), "t.textproto:" + std::to_string(line_of(text, "name: \"b\"")) +
                                                        ":" + std::to_string(column_of(text, "name: \"b\"")));
  // Elements of a repeated scalar, each written on its own line.
  EXPECT_EQ(source.locate(s, "access.blocked[0].iso3[2]"),
            "t.textproto:" + std::to_string(line_of(text, "iso3: \"PRK\"")) + ":" +
                std::to_string(column_of(text, "iso3: \"PRK\"")));
  // Fields not in the file, and paths that do not exist, fall back to the file name.
  EXPECT_EQ(source.locate(s, "seed"), "t.textproto");
  EXPECT_EQ(source.locate(s, "no_such_field"), "t.textproto");
  EXPECT_EQ(source.locate(s, "supply.lab[3].stack"), "t.textproto");
}

TEST(ParseTextproto, SyntaxErrorGivesFileLineColumnOneBased) {
  const std::string text = "name: \"x\"\nhorizon {\n  start_month: \"2025-01\"\n  end_month \"2025-12\"\n}\n";
  const std::string msg = parse_error(text);
  EXPECT_EQ(msg.rfind("t.textproto:4:13: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("Expected \":\""), std::string::npos) << msg;
}

TEST(ParseTextproto, UnclosedBlockIsReportedAtTheEnd) {
  const std::string msg = parse_error("horizon {\n  start_month: \"2025-01\"\n");
  EXPECT_EQ(msg.rfind("t.textproto:3:1: ", 0), 0u) << msg;
  // The parser has no token to show there: the message says what it met.
  EXPECT_NE(msg.find("got: the end of the file (is a closing } missing?)"), std::string::npos) << msg;
  // A file that ends where a value goes says that instead.
  const std::string value = parse_error("seed:");
  EXPECT_NE(value.find("Expected integer, got: the end of the file (is a value missing?)"), std::string::npos) << value;
}

TEST(ParseTextproto, UnknownFieldNamedWithLineAndColumn) {
  // At the name's start, as a range error is placed (the parser reads the
  // name before it knows it), with spaces or a tab before the colon.
  const std::string msg = parse_error("name: \"x\"\nadoption {\n  peer_wieght: 0.6\n}\n");
  EXPECT_EQ(msg.rfind("t.textproto:3:3: ", 0), 0u) << msg;
  EXPECT_EQ(parse_error("adoption { peer_weight: 0.5 peer_wieght  : 0.6 }\n").rfind("t.textproto:1:29: ", 0), 0u);
  EXPECT_EQ(parse_error("adoption {\n\tpeer_wieght: 0.6\n}\n").rfind("t.textproto:2:9: ", 0), 0u);
  EXPECT_NE(msg.find("no field named \"peer_wieght\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("stackrace.Adoption"), std::string::npos) << msg;
  // It lists the fields there are, as --set does.
  EXPECT_NE(msg.find("(known: innovation_p_per_month, imitation_q_per_month, peer_weight,"), std::string::npos) << msg;
}

TEST(ParseTextproto, UnknownEnumValueNamedWithLocation) {
  const std::string msg = parse_error("supply {\n  lab { stack: US_CLOSEDD }\n}\n");
  EXPECT_EQ(msg.rfind("t.textproto:2:", 0), 0u) << msg;
  EXPECT_NE(msg.find("US_CLOSEDD"), std::string::npos) << msg;
  // With the values there are, as --set says.
  EXPECT_NE(msg.find("(expected one of US_CLOSED, US_OPEN, CN_CLOSED, CN_OPEN, OTHER)"), std::string::npos) << msg;
}

// Where protobuf's parser leaves out what it expected, the message says it.
TEST(ParseTextproto, ParseErrorsSayWhatWasExpected) {
  const std::string quote = parse_error(
      "name: \xe2\x80\x9c"
      "baseline\xe2\x80\x9d\n");
  EXPECT_EQ(quote.rfind("t.textproto:1:7: ", 0), 0u) << quote;
  EXPECT_NE(quote.find("a typographic quote or dash? Write quotes as \" and minus signs as - (plain ASCII)"),
            std::string::npos)
      << quote;
  const std::string negative = parse_error("population { peers_per_adopter: -8 }\n");
  EXPECT_NE(negative.find("Expected integer, got: - (this field takes a whole number of 0 or more)"), std::string::npos)
      << negative;
}

TEST(LoadTextproto, MissingFileIsAnInputError) {
  TempDir dir;
  Scenario s;
  const std::string path = (dir / "missing.textproto").string();
  try {
    load_textproto(path, s, kScenarioFile);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), path);
    EXPECT_EQ(std::string(e.what()), path + ": no such file, expected a scenario");
  }
}

// An empty file parses as a message of defaults, whose first complaint would
// be about some field: say that the file is empty instead.
TEST(LoadTextproto, EmptyFileIsRefusedAsSuch) {
  TempDir dir;
  write_file(dir / "empty.textproto", "");
  const std::string path = (dir / "empty.textproto").string();
  Scenario s;
  try {
    load_textproto(path, s, kScenarioFile);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": the file is empty, expected a scenario");
  }
  // Comments alone likewise (a posterior emptied to its comments was taken
  // for a scenario without a supply side); one field is a file.
  write_file(dir / "comments.textproto", "# a posterior\n\n   # emptied\r\n");
  try {
    load_textproto((dir / "comments.textproto").string(), s, kScenarioFile);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "comments.textproto").string() +
                                         ": the file holds only comments or blank lines, expected a scenario");
  }
  write_file(dir / "bom.textproto", "\xEF\xBB\xBF# a comment\n");
  EXPECT_THROW(load_textproto((dir / "bom.textproto").string(), s, kScenarioFile), InputError);
  write_file(dir / "one.textproto", "# a scenario\n  name: \"x\"  # named\n");
  EXPECT_NO_THROW(load_textproto((dir / "one.textproto").string(), s, kScenarioFile));
}

// Bytes that are not UTF-8 (a file saved as Latin-1) are refused where they
// stand, columns counted in characters: protobuf would take them into a
// string and then fail to write the message into a checkpoint.
TEST(ParseTextproto, TextThatIsNotUtf8IsRefusedWhereItStands) {
  const std::string msg = parse_error("name: \"\xC3\xA9t\xC3\xA9\"\ndescription: \"Pol\xEDticas\"\n");
  EXPECT_EQ(msg, "t.textproto:2:18: byte 0xED is not UTF-8: save the file as UTF-8 text") << msg;
  EXPECT_EQ(parse_error("name: \"x\" # caf\xE9\n").rfind("t.textproto:1:16: byte 0xE9 ", 0), 0u);
  // The same byte written as an escape, in a file that is all ASCII.
  EXPECT_EQ(parse_error("name: \"x\"\naccess { blocked { iso3: [\"IND\", \"I\\xEDD\"] } }\n")
                .rfind("t.textproto:2:20: access.blocked[0].iso3[1]: the text is not UTF-8", 0),
            0u)
      << parse_error("name: \"x\"\naccess { blocked { iso3: [\"IND\", \"I\\xEDD\"] } }\n");
  Scenario s;
  EXPECT_NO_THROW(parse_textproto("name: \"caf\\303\\251\"\n", "t.textproto", s));  // é as UTF-8 escapes
  EXPECT_EQ(s.name(), "caf\xC3\xA9");
}

// A byte-order mark, which editors on Windows put first, is not text.
TEST(ParseTextproto, AByteOrderMarkIsSkipped) {
  Scenario s;
  const SourceMap source = parse_textproto("\xEF\xBB\xBFname: \"x\"\nseed: 3\n", "t.textproto", s);
  EXPECT_EQ(s.name(), "x");
  EXPECT_EQ(source.locate(s, "seed"), "t.textproto:2:1");
}

// Lines ended by CR alone read as lines (they once read as one line, all a
// comment after its first '#'), and errors point at them.
TEST(ParseTextproto, LinesEndedByCrAloneAreLines) {
  Scenario s;
  const SourceMap source = parse_textproto("# a comment\rname: \"x\"\rseed: 3\r", "t.textproto", s);
  EXPECT_EQ(s.name(), "x");
  EXPECT_EQ(s.seed(), 3u);
  EXPECT_EQ(source.locate(s, "seed"), "t.textproto:3:1");
  EXPECT_EQ(parse_error("# a comment\rname: \"x\"\rseeed: 3\r").rfind("t.textproto:3:1: ", 0), 0u);
  // Also where the last line ends in LF, as some exporters write it.
  Scenario ending;
  parse_textproto("# a comment\rname: \"x\"\rseed: 3\r\n", "t.textproto", ending);
  EXPECT_EQ(ending.seed(), 3u);
}

TEST(LoadTextproto, BinaryGarbageIsASyntaxErrorAtLineOne) {
  TempDir dir;
  const auto path = dir / "image.png";
  static constexpr char kPngStart[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  write_file(path, std::string(kPngStart, sizeof kPngStart - 1));
  Scenario s;
  try {
    load_textproto(path.string(), s, kScenarioFile);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path.string() + ":1:", 0), 0u) << e.what();
  }
}

TEST(LoadTextproto, ReadsAFile) {
  TempDir dir;
  write_file(dir / "s.textproto", "name: \"from file\"\nseed: 7\n");
  Scenario s;
  const SourceMap source = load_textproto((dir / "s.textproto").string(), s, kScenarioFile);
  EXPECT_EQ(s.name(), "from file");
  EXPECT_EQ(s.seed(), 7u);
  EXPECT_EQ(source.locate(s, "seed"), (dir / "s.textproto").string() + ":2:1");
}

// What the program writes (manifests) keeps a user's names readable, and
// reads back to the same message.
TEST(PrintTextproto, WritesUtf8AsItIsAndReadsBack) {
  Scenario s;
  s.set_name("Z\u00fcrich \u65e5\u672c \"quoted\"");
  s.set_seed(7);
  const std::string text = print_textproto(s);
  EXPECT_EQ(text, "name: \"Z\u00fcrich \u65e5\u672c \\\"quoted\\\"\"\nseed: 7\n");
  Scenario back;
  parse_textproto(text, "printed", back);
  EXPECT_EQ(back.name(), s.name());
  // Bytes that are not UTF-8 (a path in another encoding) are escaped, so
  // that the file the program writes stays UTF-8.
  s.set_name("Z\xfcrich");
  EXPECT_EQ(print_textproto(s), "name: \"Z\\374rich\"\nseed: 7\n");
}

}  // namespace
}  // namespace stackrace
