// base/text_escape: names from users' configs survive CSV and XML.

#include "base/text_escape.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace stackrace {
namespace {

TEST(TextEscape, XmlEscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(xml_escape("Côte d'Ivoire & <\">"), "Côte d&apos;Ivoire &amp; &lt;&quot;&gt;");
  EXPECT_EQ(xml_escape("plain"), "plain");
}

TEST(TextEscape, XmlIsWellFormedUtf8WhateverTheInput) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(xml_escape("caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x8C\x8D"), "caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x8C\x8D");
  EXPECT_EQ(xml_escape("caf\xE9"), "caf" + fffd);                        // Latin-1, not UTF-8
  EXPECT_EQ(xml_escape("\xC3"), fffd);                                   // cut short
  EXPECT_EQ(xml_escape("\xC0\xAF"), fffd + fffd);                        // overlong '/'
  EXPECT_EQ(xml_escape("\xED\xA0\x80"), fffd + fffd + fffd);             // a UTF-16 surrogate
  EXPECT_EQ(xml_escape("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // past U+10FFFF
  EXPECT_EQ(xml_escape(std::string("a\0b\x01\tc\n", 7)), "a" + fffd + "b" + fffd + "\tc\n");
}

TEST(TextEscape, ShellWordsQuoteOnlyWhatAShellWouldSplitOrExpand) {
  EXPECT_EQ(shell_word("configs/studies/smoke.textproto"), "configs/studies/smoke.textproto");
  EXPECT_EQ(shell_word("policy.levers.us_export_promotion=0.5"), "policy.levers.us_export_promotion=0.5");
  EXPECT_EQ(shell_word("out/my study"), "'out/my study'");
  EXPECT_EQ(shell_word("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_word("$HOME"), "'$HOME'");
  EXPECT_EQ(shell_word(""), "''");
}

TEST(TextEscape, CsvQuotesOnlyFieldsThatNeedIt) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

TEST(TextEscape, CsvSplitReadsBackWhatCsvFieldWrites) {
  const std::vector<std::string> fields{"plain", "a,b", "say \"hi\"", "", "last"};
  std::string line;
  for (const std::string& f : fields) {
    if (!line.empty()) line += ',';
    line += csv_field(f);
  }
  EXPECT_EQ(csv_split(line), fields);
  EXPECT_EQ(csv_split(""), std::vector<std::string>{""});
  EXPECT_EQ(csv_split("a,"), (std::vector<std::string>{"a", ""}));
  EXPECT_THROW(csv_split("\"open,b"), std::invalid_argument);
  EXPECT_THROW(csv_split("\"a\"b,c"), std::invalid_argument);
}

// Characters, not bytes: "é" is one.
TEST(TextEscape, ShownLengthCountsCodePoints) {
  EXPECT_EQ(shown_length(""), 0u);
  EXPECT_EQ(shown_length("abc"), 3u);
  EXPECT_EQ(shown_length("caf\xc3\xa9"), 4u);
}

// Broken after ", " once a line would pass max_chars, continuations
// indented; a piece longer than the room stays whole; nothing is lost.
TEST(TextEscape, WrapAfterCommas) {
  EXPECT_EQ(wrap_after_commas("", 10, "  "), std::vector<std::string>{""});
  EXPECT_EQ(wrap_after_commas("short", 10, "  "), std::vector<std::string>{"short"});
  EXPECT_EQ(wrap_after_commas("aaaa, bbbb, cccc", 12, "  "), (std::vector<std::string>{"aaaa, bbbb, ", "  cccc"}));
  EXPECT_EQ(wrap_after_commas("a-very-long-piece-without-commas", 5, "  "),
            std::vector<std::string>{"a-very-long-piece-without-commas"});
}

}  // namespace
}  // namespace stackrace
