// XML and gzip reading: byte offsets become lines, truncated input is named as such.
#include <gtest/gtest.h>

#include "sim/io/xml/xml_file.hpp"
#include "tests/io/io_test_util.hpp"

namespace ampel::io {
namespace {

using test::expect_input_error;

TEST(LineIndex, TurnsOffsetsIntoLinesAndColumns) {
  LineIndex idx("ab\ncde\n\nf");
  EXPECT_EQ(idx.line_of(0), 1);
  EXPECT_EQ(idx.line_of(2), 1);  // the newline belongs to its line
  EXPECT_EQ(idx.line_of(3), 2);
  EXPECT_EQ(idx.column_of(5), 3);
  EXPECT_EQ(idx.line_of(7), 3);
  EXPECT_EQ(idx.line_of(8), 4);
}

TEST(XmlFile, NamesTheLineOfAnElement) {
  XmlFile f("mem.xml", "<a>\n  <b/>\n\n  <c x=\"1\"/>\n</a>\n");
  EXPECT_EQ(f.line(f.root().child("b")), 2);
  EXPECT_EQ(f.place(f.root().child("c")), "line 4");
}

TEST(XmlFile, TruncatedXmlIsReportedWithLineAndReason) {
  Problem p =
      expect_input_error([] { XmlFile f("cut.xml", "<net>\n  <edge id=\"a\">\n    <lane id=\"a_0\"/>\n"); });
  EXPECT_EQ(p.file, "cut.xml");
  EXPECT_EQ(p.place.rfind("line 3", 0), 0u) << p.place;  // the end of the text, on its last line
  EXPECT_NE(p.reason.find("truncated"), std::string::npos) << p.reason;
}

TEST(XmlFile, ReadsGzipAndPlainAlike) {
  auto dir = test::temp_dir("gz");
  std::string text = "<routes>\n<vehicle id=\"v\" depart=\"1\"/>\n</routes>\n";
  test::write_gz(dir / "r.rou.xml.gz", text);
  test::write_file(dir / "r.rou.xml", text);
  EXPECT_EQ(read_maybe_gz((dir / "r.rou.xml.gz").string()), text);
  EXPECT_EQ(read_maybe_gz((dir / "r.rou.xml").string()), text);
  XmlFile f((dir / "r.rou.xml.gz").string());
  EXPECT_EQ(f.line(f.root().child("vehicle")), 2);
}

TEST(XmlFile, TruncatedGzipIsAnError) {
  auto dir = test::temp_dir("gzcut");
  std::string text(200000, 'x');
  for (std::size_t i = 0; i < text.size(); i += 7) text[i] = static_cast<char>('a' + i % 26);
  auto full = test::write_gz(dir / "full.gz", "<a>" + text + "</a>");
  std::string bytes = test::slurp(full);
  auto cut = test::write_file(dir / "cut.xml.gz", bytes.substr(0, bytes.size() / 2));
  Problem p = expect_input_error([&] { read_maybe_gz(cut.string()); });
  EXPECT_EQ(p.file, cut.string());
  EXPECT_FALSE(p.reason.empty());
}

TEST(XmlFile, MissingFileIsNamed) {
  Problem p = expect_input_error([] { read_maybe_gz("/nonexistent/net.xml"); });
  EXPECT_EQ(p.file, "/nonexistent/net.xml");
  EXPECT_EQ(p.reason, "file not found");
}

TEST(XmlFile, ShapesAndListsParse) {
  XmlFile f("mem.xml", "<a shape=\"0,0 10.5,-2 3,4,1\" bad=\"1,2 x,3\"/>");
  auto pts = parse_shape(f, f.root(), "shape");
  ASSERT_EQ(pts.size(), 3u);
  EXPECT_DOUBLE_EQ(pts[1].x, 10.5);
  EXPECT_DOUBLE_EQ(pts[1].y, -2);
  EXPECT_DOUBLE_EQ(pts[2].y, 4);  // z is dropped
  Problem p = expect_input_error([&] { parse_shape(f, f.root(), "bad"); });
  EXPECT_NE(p.reason.find("'x,3'"), std::string::npos);
  EXPECT_EQ(split_list("a.rou.xml, b.rou.xml,c  d"),
            (std::vector<std::string>{"a.rou.xml", "b.rou.xml", "c", "d"}));
}

}  // namespace
}  // namespace ampel::io
