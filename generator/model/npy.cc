#include "model/npy.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <zip.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <utility>

namespace rnngen {
namespace {

// The largest file (or .npz member, or .npz in total) read: 1 GiB.
constexpr size_t kNpyMaxBytes = size_t{1} << 30;
constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr char kSupported[] = "expected float16/32/64, int8..64, uint8..64 or bool";

// A shape as Python writes it: (), (7,), (2, 3).
std::string ShapeText(const std::vector<size_t>& shape) {
  return fmt::format("({}{})", fmt::join(shape, ", "), shape.size() == 1 ? "," : "");
}

[[noreturn]] void Fail(const std::string& name, const std::string& what) {
  throw NpyError(fmt::format("{}: {}", name, what));
}

// An element type the reader converts: kind 'f', 'i', 'u' or 'b', its size in bytes and whether
// its bytes are stored most significant first.
struct Dtype {
  char kind = 'f';
  size_t size = 8;
  bool big_endian = false;
};

// The three entries of the header dict.
struct Header {
  Dtype dtype;
  bool fortran_order = false;
  std::vector<size_t> shape;
};

Dtype ParseDescr(const std::string& descr, const std::string& name) {
  const auto unsupported = [&]() {
    Fail(name, fmt::format("dtype '{}' is not supported ({})", descr, kSupported));
  };
  if (descr.size() < 3 || descr.find_first_of("<>|=") != 0) unsupported();
  Dtype d;
  d.kind = descr[1];
  const std::string digits = descr.substr(2);
  if (digits != "1" && digits != "2" && digits != "4" && digits != "8") unsupported();
  d.size = static_cast<size_t>(digits[0] - '0');
  const bool ok = (d.kind == 'f' && d.size >= 2) || d.kind == 'i' || d.kind == 'u' ||
                  (d.kind == 'b' && d.size == 1);
  if (!ok) unsupported();
  if (descr[0] == '|' && d.size > 1) {
    Fail(name, fmt::format("dtype '{}' has no byte order (expected '<' or '>' before a type of "
                           "more than one byte)",
                           descr));
  }
  // '=' is the writer's native order; every machine numpy writes these files on in practice is
  // little-endian, and rnngen reads them as such.
  d.big_endian = descr[0] == '>';
  return d;
}

// A strict reader of the header: a Python dict literal with exactly the keys 'descr' (a string),
// 'fortran_order' (True or False) and 'shape' (a tuple of non-negative integers), as numpy's
// format module writes it, padded with spaces and ending in a newline.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, size_t offset, const std::string& name)
      : text_(text), offset_(offset), name_(name) {}

  Header Parse() {
    Header h;
    bool has_descr = false, has_order = false, has_shape = false;
    Skip();
    Expect('{', "'{' opening the header dict");
    Skip();
    while (!Peek('}')) {
      const size_t key_at = pos_;
      const std::string key = String("a quoted key");
      Skip();
      Expect(':', "':' after the key");
      Skip();
      bool* seen = nullptr;
      if (key == "descr") {
        seen = &has_descr;
        if (Peek('[')) {
          Fail(name_, fmt::format("structured dtypes are not supported ({})", kSupported));
        }
        h.dtype = ParseDescr(String("the dtype string"), name_);
      } else if (key == "fortran_order") {
        seen = &has_order;
        h.fortran_order = Bool();
      } else if (key == "shape") {
        seen = &has_shape;
        h.shape = Shape();
      } else {
        Error(key_at, fmt::format("unexpected key '{}' (expected 'descr', 'fortran_order' and "
                                  "'shape')",
                                  key));
      }
      if (*seen) Error(key_at, fmt::format("key '{}' given twice", key));
      *seen = true;
      Skip();
      if (!Peek('}')) {
        Expect(',', "',' or '}' after a value");
        Skip();
      }
    }
    ++pos_;
    while (Peek(' ')) ++pos_;
    if (pos_ + 1 != text_.size() || text_[pos_] != '\n') {
      Error(pos_, "expected only spaces and one newline after the header dict");
    }
    if (!has_descr || !has_order || !has_shape) {
      Fail(name_, fmt::format("malformed header: key '{}' is missing (expected 'descr', "
                              "'fortran_order' and 'shape')",
                              !has_descr   ? "descr"
                              : !has_order ? "fortran_order"
                                           : "shape"));
    }
    return h;
  }

 private:
  [[noreturn]] void Error(size_t at, const std::string& what) const {
    Fail(name_, fmt::format("malformed header at byte {}: {}", offset_ + at, what));
  }

  void Skip() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  void Expect(char c, const char* what) {
    if (!Peek(c)) Error(pos_, fmt::format("expected {}", what));
    ++pos_;
  }

  std::string String(const char* what) {
    if (!Peek('\'') && !Peek('"')) Error(pos_, fmt::format("expected {}", what));
    const char quote = text_[pos_];
    const size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != quote && text_[pos_] != '\n') {
      if (text_[pos_] == '\\') Error(pos_, fmt::format("expected {} without escapes", what));
      ++pos_;
    }
    if (!Peek(quote)) Error(start - 1, fmt::format("unterminated string ({})", what));
    return text_.substr(start, pos_++ - start);
  }

  bool Bool() {
    for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}}) {
      const size_t n = std::strlen(word);
      if (text_.compare(pos_, n, word) == 0) {
        pos_ += n;
        return value;
      }
    }
    Error(pos_, "expected True or False for 'fortran_order'");
  }

  std::vector<size_t> Shape() {
    Expect('(', "a tuple such as (2, 3) for 'shape'");
    std::vector<size_t> dims;
    bool trailing_comma = false;
    Skip();
    while (!Peek(')')) {
      dims.push_back(Dimension());
      Skip();
      trailing_comma = false;
      if (!Peek(')')) {
        Expect(',', "',' or ')' in 'shape'");
        trailing_comma = true;
        Skip();
      }
    }
    if (dims.size() == 1 && !trailing_comma) {
      Error(pos_, "expected ',' before ')': a one-dimensional shape is written (n,)");
    }
    ++pos_;
    return dims;
  }

  size_t Dimension() {
    const size_t start = pos_;
    size_t v = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const size_t digit = static_cast<size_t>(text_[pos_] - '0');
      if (v > (SIZE_MAX - digit) / 10) Error(start, "dimension does not fit in 64 bits");
      v = v * 10 + digit;
      ++pos_;
    }
    if (pos_ == start) Error(start, "expected a non-negative integer in 'shape'");
    if (Peek('L')) ++pos_;  // Python 2 long, in files written by old numpy
    return v;
  }

  const std::string& text_;
  size_t offset_;  // of text_ in the file, for messages
  const std::string& name_;
  size_t pos_ = 0;
};

// The bytes of one element, most significant first or last, as an unsigned integer.
uint64_t Bits(const unsigned char* p, size_t size, bool big_endian) {
  uint64_t v = 0;
  for (size_t k = 0; k < size; ++k) {
    const uint64_t byte = p[big_endian ? k : size - 1 - k];
    v = (v << 8) | byte;
  }
  return v;
}

double HalfToDouble(uint64_t bits) {
  const int sign = (bits >> 15) & 1;
  const int exponent = (bits >> 10) & 0x1f;
  const double mantissa = static_cast<double>(bits & 0x3ff);
  double v;
  if (exponent == 0) {
    v = std::ldexp(mantissa, -24);
  } else if (exponent == 0x1f) {
    v = mantissa == 0 ? HUGE_VAL : std::nan("");
  } else {
    v = std::ldexp(mantissa + 1024, exponent - 25);
  }
  return sign ? -v : v;
}

double ToDouble(uint64_t bits, const Dtype& d) {
  switch (d.kind) {
    case 'f':
      if (d.size == 2) return HalfToDouble(bits);
      if (d.size == 4) {
        const auto b32 = static_cast<uint32_t>(bits);
        float f;
        std::memcpy(&f, &b32, sizeof f);
        return f;
      } else {
        double f;
        std::memcpy(&f, &bits, sizeof f);
        return f;
      }
    case 'i': {  // two's complement
      const uint64_t sign = uint64_t{1} << (8 * d.size - 1);
      const uint64_t mask = sign | (sign - 1);
      return bits & sign ? -static_cast<double>((~bits & mask) + 1) : static_cast<double>(bits);
    }
    case 'u':
      return static_cast<double>(bits);
    default:  // 'b'
      return bits != 0 ? 1.0 : 0.0;
  }
}

// The C-order position of each element stored in Fortran order (first index fastest).
std::vector<size_t> FortranToC(const std::vector<size_t>& shape, size_t count) {
  std::vector<size_t> stride(shape.size(), 1);  // C-order strides
  for (size_t k = shape.size(); k-- > 1;) stride[k - 1] = stride[k] * shape[k];
  std::vector<size_t> index(shape.size(), 0), out(count);
  size_t at = 0;
  for (size_t n = 0; n < count; ++n) {
    out[n] = at;
    for (size_t k = 0; k < shape.size(); ++k) {
      at += stride[k];
      if (++index[k] < shape[k]) break;
      at -= stride[k] * shape[k];
      index[k] = 0;
    }
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) Fail(path, fmt::format("cannot read: {} (expected a readable file)", ec.message()));
  if (size > kNpyMaxBytes) {
    Fail(path, fmt::format("file is {} bytes (expected at most 1 GiB)", size));
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size)) ||
      in.peek() != std::char_traits<char>::eof()) {
    Fail(path, "cannot read the file (expected a file that does not change while being read)");
  }
  return bytes;
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

NpyArray ParseNpy(const std::string& bytes, const std::string& name) {
  if (bytes.size() < kMagicSize || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0) {
    Fail(name, "not a NumPy .npy file (expected it to start with \\x93NUMPY)");
  }
  if (bytes.size() < kMagicSize + 2) Fail(name, "file ends inside the format version");
  const int major = static_cast<unsigned char>(bytes[6]);
  const int minor = static_cast<unsigned char>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0) {
    Fail(name, fmt::format(".npy format version {}.{} is not supported (expected 1.0, 2.0 or 3.0)",
                           major, minor));
  }
  const size_t length_bytes = major == 1 ? 2 : 4;
  const size_t header_at = kMagicSize + 2 + length_bytes;
  if (bytes.size() < header_at) Fail(name, "file ends inside the header length");
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t header_size = Bits(u + kMagicSize + 2, length_bytes, false);
  if (header_size > bytes.size() - header_at) {
    Fail(name, fmt::format("header of {} bytes goes past the end of the file ({} bytes)",
                           header_size, bytes.size()));
  }
  const std::string header_text = bytes.substr(header_at, header_size);
  const Header h = HeaderParser(header_text, header_at, name).Parse();

  size_t count = 1;
  for (const size_t dim : h.shape) {
    if (__builtin_mul_overflow(count, dim, &count)) {
      Fail(name, fmt::format("shape {} has more elements than 64 bits count (expected at most "
                             "1 GiB of data)",
                             ShapeText(h.shape)));
    }
  }
  const size_t data_at = header_at + header_size;
  const size_t have = bytes.size() - data_at;
  size_t need = 0;
  if (__builtin_mul_overflow(count, h.dtype.size, &need) || need > kNpyMaxBytes) {
    Fail(name, fmt::format("shape {} needs more than 1 GiB of data (expected at most 1 GiB)",
                           ShapeText(h.shape)));
  }
  if (have < need) {
    Fail(name, fmt::format("data is truncated: shape {} of {}-byte values needs {} bytes, the "
                           "file has {}",
                           ShapeText(h.shape), h.dtype.size, need, have));
  }
  if (have > need) {
    Fail(name, fmt::format("{} bytes of trailing garbage after the {} bytes of data that shape "
                           "({}) needs",
                           have - need, need, ShapeText(h.shape)));
  }

  NpyArray a;
  a.shape = h.shape;
  a.integral = h.dtype.kind != 'f';
  a.data.resize(count);
  const std::vector<size_t> place =
      h.fortran_order && h.shape.size() > 1 ? FortranToC(h.shape, count) : std::vector<size_t>();
  for (size_t n = 0; n < count; ++n) {
    const double v =
        ToDouble(Bits(u + data_at + n * h.dtype.size, h.dtype.size, h.dtype.big_endian), h.dtype);
    a.data[place.empty() ? n : place[n]] = v;
  }
  return a;
}

NpyArray ReadNpy(const std::string& path) { return ParseNpy(ReadFile(path), path); }

std::map<std::string, NpyArray> ReadNpz(const std::string& path) {
  std::error_code ec;
  const auto file_size = std::filesystem::file_size(path, ec);
  if (ec) Fail(path, fmt::format("cannot read: {} (expected a readable file)", ec.message()));
  if (file_size > kNpyMaxBytes) {
    Fail(path, fmt::format("file is {} bytes (expected at most 1 GiB)", file_size));
  }
  int code = 0;
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open(path.c_str(), ZIP_RDONLY, &code));
  if (!zip) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    Fail(path, fmt::format("not a readable .npz (zip) archive: {}", why));
  }
  const zip_int64_t entries = zip_get_num_entries(zip.get(), 0);
  std::map<std::string, NpyArray> arrays;
  size_t total = 0;
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t st;
    if (zip_stat_index(zip.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE)) {
      Fail(path, fmt::format("cannot read member {}: {}", i, zip_strerror(zip.get())));
    }
    const std::string member = st.name;
    const std::string suffix = ".npy";
    if (member.size() <= suffix.size() ||
        member.compare(member.size() - suffix.size(), suffix.size(), suffix) != 0) {
      Fail(path, fmt::format("member '{}' is not an array (expected only NAME.npy members, as "
                             "np.savez writes)",
                             member));
    }
    const std::string key = member.substr(0, member.size() - suffix.size());
    if (arrays.count(key)) Fail(path, fmt::format("member '{}' appears twice", member));
    if (st.size > kNpyMaxBytes - total) {
      Fail(path, fmt::format("member '{}' unpacks to {} bytes, over 1 GiB in all (expected at "
                             "most 1 GiB)",
                             member, st.size));
    }
    total += st.size;
    std::unique_ptr<zip_file_t, ZipFileCloser> file(
        zip_fopen_index(zip.get(), static_cast<zip_uint64_t>(i), 0));
    if (!file) {
      Fail(path, fmt::format("cannot open member '{}': {}", member, zip_strerror(zip.get())));
    }
    // One byte more than the stated size, to see that the member ends there (and to let libzip
    // reach the end of the stream, where it checks the CRC).
    std::string bytes(static_cast<size_t>(st.size) + 1, '\0');
    size_t got = 0;
    while (got < bytes.size()) {
      const zip_int64_t n = zip_fread(file.get(), bytes.data() + got, bytes.size() - got);
      if (n < 0) {
        Fail(path,
             fmt::format("cannot read member '{}': {}", member, zip_file_strerror(file.get())));
      }
      if (n == 0) break;
      got += static_cast<size_t>(n);
    }
    if (got != st.size) {
      Fail(path, fmt::format("member '{}' holds {}{} bytes (expected {}, as the archive says)",
                             member, got == bytes.size() ? "more than " : "",
                             got == bytes.size() ? st.size : got, st.size));
    }
    bytes.resize(got);
    arrays.emplace(key, ParseNpy(bytes, fmt::format("{}: array '{}'", path, key)));
  }
  return arrays;
}

std::string NpyBytes(const NpyArray& a) {
  std::string shape;  // Python's tuple: "()", "(2,)", "(2, 3)"
  for (size_t k = 0; k < a.shape.size(); ++k) {
    shape += (k > 0 ? ", " : "") + std::to_string(a.shape[k]);
  }
  if (a.shape.size() == 1) shape += ",";
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + shape + "), }";
  // Magic, version and length take 10 bytes; the header ends in '\n' and pads the whole to 64.
  const size_t total = (10 + header.size() + 1 + 63) / 64 * 64;
  header.append(total - 10 - header.size() - 1, ' ');
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  for (double v : a.data) {
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    for (int b = 0; b < 8; ++b) out += static_cast<char>((bits >> (8 * b)) & 0xff);
  }
  return out;
}

}  // namespace rnngen
