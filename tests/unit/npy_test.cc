// The NumPy reader on files written by scripts/make_npz_fixtures.py: every supported dtype, byte
// order, memory order and format version reads back the values numpy wrote; each bad file is
// rejected with a one-line message saying what was expected; no prefix of a good file crashes it.
#include "model/npy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace rnngen {
namespace {

const std::string kDir = std::string(RNNGEN_SOURCE_DIR) + "/tests/npz/";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The values the fixture script writes for its float files: (k - 7.5) / 4.
std::vector<double> Floats(size_t n) {
  std::vector<double> v(n);
  for (size_t k = 0; k < n; ++k) v[k] = (static_cast<double>(k) - 7.5) / 4;
  return v;
}

// The message ReadNpy or ReadNpz throws for `file` ("" if none).
std::string ErrorOf(const std::string& file) {
  try {
    if (file.size() > 4 && file.substr(file.size() - 4) == ".npz") {
      ReadNpz(kDir + file);
    } else {
      ReadNpy(kDir + file);
    }
  } catch (const NpyError& e) {
    return e.what();
  }
  return "";
}

TEST(NpyTest, FloatsInEveryOrderAndVersion) {
  const struct {
    const char* file;
    std::vector<size_t> shape;
  } kCases[] = {
      {"f8_c.npy", {2, 3, 4}}, {"f8_fortran.npy", {2, 3, 4}},  {"f4_big.npy", {4, 6}},
      {"f2.npy", {24}},        {"f2_big_fortran.npy", {6, 4}}, {"v2.npy", {2, 3, 4}},
      {"v3.npy", {2, 3, 4}},
  };
  for (const auto& c : kCases) {
    const NpyArray a = ReadNpy(kDir + c.file);
    EXPECT_EQ(a.shape, c.shape) << c.file;
    EXPECT_EQ(a.data, Floats(24)) << c.file;
    EXPECT_FALSE(a.integral) << c.file;
  }
}

TEST(NpyTest, IntegersOfEveryWidthAndOrder) {
  for (const char* t : {"i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"}) {
    for (const char* order : {"little", "big"}) {
      const std::string file = std::string(t) + "_" + order + ".npy";
      if (t[1] == '1' && std::string(order) == "big") continue;
      const NpyArray a = ReadNpy(kDir + file);
      ASSERT_EQ(a.shape, std::vector<size_t>{24}) << file;
      EXPECT_TRUE(a.integral) << file;
      for (size_t k = 0; k < 24; ++k) {
        EXPECT_EQ(a.data[k], static_cast<double>(k) - (t[0] == 'i' ? 12 : 0)) << file << " " << k;
      }
    }
  }
  EXPECT_EQ(ReadNpy(kDir + "i1_extremes.npy").data, (std::vector<double>{-128, 127, -1, 0}));
  EXPECT_EQ(ReadNpy(kDir + "i8_extremes.npy").data,
            (std::vector<double>{-std::ldexp(1.0, 63), std::ldexp(1.0, 63), -1}));
  EXPECT_EQ(ReadNpy(kDir + "u8_extremes.npy").data, (std::vector<double>{std::ldexp(1.0, 64), 0}));
  const NpyArray b = ReadNpy(kDir + "bool.npy");
  EXPECT_EQ(b.data, (std::vector<double>{1, 0, 1}));
  EXPECT_TRUE(b.integral);
}

TEST(NpyTest, ScalarsEmptyArraysAndOldHeaders) {
  const NpyArray s = ReadNpy(kDir + "scalar.npy");
  EXPECT_TRUE(s.shape.empty());
  EXPECT_EQ(s.data, std::vector<double>{2.5});
  const NpyArray e = ReadNpy(kDir + "empty.npy");
  EXPECT_EQ(e.shape, (std::vector<size_t>{0, 3}));
  EXPECT_TRUE(e.data.empty());
  const NpyArray p = ReadNpy(kDir + "py2_long.npy");
  EXPECT_EQ(p.shape, (std::vector<size_t>{2, 3}));
  EXPECT_EQ(p.data, (std::vector<double>{0, 1, 2, 3, 4, 5}));
}

TEST(NpyTest, NpzStoredAndDeflated) {
  for (const char* file : {"stored.npz", "deflated.npz"}) {
    const auto arrays = ReadNpz(kDir + file);
    ASSERT_EQ(arrays.size(), 2u) << file;
    EXPECT_EQ(arrays.at("a").shape, (std::vector<size_t>{2, 12})) << file;
    EXPECT_EQ(arrays.at("a").data, Floats(24)) << file;
    EXPECT_EQ(arrays.at("b").data, (std::vector<double>{0, 1, 2, 3})) << file;
    EXPECT_TRUE(arrays.at("b").integral) << file;
  }
  EXPECT_TRUE(ReadNpz(kDir + "empty.npz").empty());
}

TEST(NpyTest, RejectsBadFilesSayingWhatWasExpected) {
  const std::pair<const char*, const char*> kCases[] = {
      {"bad_magic.npy", "bad_magic.npy: not a NumPy .npy file (expected it to start with"},
      {"bad_version.npy", "format version 4.0 is not supported (expected 1.0, 2.0 or 3.0)"},
      {"bad_object.npy",
       "dtype '|O' is not supported (expected float16/32/64, int8..64, uint8..64 or bool)"},
      {"bad_complex.npy", "dtype '>c16' is not supported (expected float16/32/64"},
      {"bad_string.npy", "dtype '<U3' is not supported"},
      {"bad_structured.npy", "structured dtypes are not supported (expected float16/32/64"},
      {"bad_no_byte_order.npy", "dtype '|f8' has no byte order (expected '<' or '>'"},
      {"bad_truncated.npy",
       "data is truncated: shape (2, 3) of 8-byte values needs 48 bytes, the file has 45"},
      {"bad_trailing.npy", "4 bytes of trailing garbage after the 48 bytes of data"},
      {"bad_header_past_end.npy", "header of 5000 bytes goes past the end of the file"},
      {"bad_missing_key.npy", "key 'fortran_order' is missing (expected 'descr', 'fortran_order'"},
      {"bad_unknown_key.npy", "unexpected key 'extra' (expected 'descr', 'fortran_order' and"},
      {"bad_duplicate_key.npy", "key 'descr' given twice"},
      {"bad_shape_list.npy", "expected a tuple such as (2, 3) for 'shape'"},
      {"bad_shape_negative.npy", "expected a non-negative integer in 'shape'"},
      {"bad_shape_not_tuple.npy", "a one-dimensional shape is written (n,)"},
      {"bad_fortran_int.npy", "expected True or False for 'fortran_order'"},
      {"bad_unterminated.npy", "unterminated string (the dtype string)"},
      {"bad_after_dict.npy", "expected only spaces and one newline after the header dict"},
      {"bad_no_newline.npy", "expected only spaces and one newline after the header dict"},
      {"bad_shape_overflow.npy", "has more elements than 64 bits count (expected at most 1 GiB"},
      {"bad_shape_too_big.npy", "shape (2147483648,) needs more than 1 GiB of data"},
      {"bad_shape_exceeds_data.npy", "data is truncated: shape (7,) of 8-byte values needs 56"},
      {"bad_not_zip.npz", "bad_not_zip.npz: not a readable .npz (zip) archive: "},
      {"bad_member_name.npz",
       "member 'readme.txt' is not an array (expected only NAME.npy members"},
      {"bad_member_data.npz", "bad_member_data.npz: array 'a': data is truncated"},
      {"bad_crc.npz", "bad_crc.npz: cannot read member 'a.npy': CRC error"},
      {"bad_huge_member.npz", "member 'a.npy' unpacks to 1342177280 bytes, over 1 GiB in all"},
  };
  for (const auto& [file, message] : kCases) {
    const std::string error = ErrorOf(file);
    EXPECT_NE(error.find(message), std::string::npos) << file << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
  EXPECT_NE(ErrorOf("no_such_file.npy").find("no_such_file.npy: cannot read: "), std::string::npos);
}

TEST(NpyTest, RejectsFilesOverOneGibibyte) {
  // A sparse file: no disk space is used.
  const std::string path =
      (std::filesystem::temp_directory_path() / "rnngen_npy_test_huge.npy").string();
  { std::ofstream(path, std::ios::binary) << Slurp(kDir + "f8_c.npy"); }
  std::filesystem::resize_file(path, (size_t{1} << 30) + 1);
  std::string error;
  try {
    ReadNpy(path);
  } catch (const NpyError& e) {
    error = e.what();
  }
  std::filesystem::remove(path);
  EXPECT_NE(error.find("file is 1073741825 bytes (expected at most 1 GiB)"), std::string::npos)
      << error;
}

TEST(NpyTest, EveryPrefixAndByteFlipIsAnErrorOrAValue) {
  for (const char* file : {"f8_fortran.npy", "v3.npy", "i2_big.npy"}) {
    const std::string bytes = Slurp(kDir + file);
    for (size_t n = 0; n < bytes.size(); ++n) {
      EXPECT_THROW(ParseNpy(bytes.substr(0, n), file), NpyError) << file << " cut at " << n;
    }
    for (size_t n = 0; n < bytes.size(); ++n) {
      std::string flipped = bytes;
      flipped[n] = static_cast<char>(flipped[n] ^ 0x5a);
      try {
        const NpyArray a = ParseNpy(flipped, file);
        size_t count = 1;
        for (const size_t d : a.shape) count *= d;
        EXPECT_EQ(a.data.size(), count) << file << " flipped at " << n;
      } catch (const NpyError&) {
      }
    }
  }
}

// What the generator writes (data/y_*.npy) reads back exactly, with numpy's header alignment.
TEST(NpyTest, WrittenArraysReadBack) {
  for (const std::vector<size_t>& shape :
       {std::vector<size_t>{2, 3, 4}, std::vector<size_t>{5}, std::vector<size_t>{}}) {
    NpyArray a;
    a.shape = shape;
    size_t n = 1;
    for (size_t d : shape) n *= d;
    for (size_t k = 0; k < n; ++k) a.data.push_back(-1.5 + 0.37 * static_cast<double>(k));
    const std::string bytes = NpyBytes(a);
    EXPECT_EQ((10 + (static_cast<unsigned char>(bytes[8]) | bytes[9] << 8)) % 64, 0);
    const NpyArray b = ParseNpy(bytes, "y.npy");
    EXPECT_EQ(b.shape, a.shape);
    EXPECT_EQ(b.data, a.data);
    EXPECT_FALSE(b.integral);
  }
}

}  // namespace
}  // namespace rnngen
