#include "emit/vast.h"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "spec/identifiers.h"

namespace rnngen::vast {

bool IsLegalName(std::string_view name) {
  return IsVerilogIdentifier(name) && !IsVerilogKeyword(name);
}

namespace {

template <typename T>
T* NotNull(T* p, const char* what) {
  if (p == nullptr) throw std::invalid_argument(std::string("vast: null ") + what);
  return p;
}

void NoNulls(const std::vector<Expr*>& v, const char* what) {
  for (Expr* e : v) NotNull(e, what);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Types

Width::Width(int bits) : kind_(Kind::kBits), bits_(bits) {
  if (bits < 1) throw std::invalid_argument("vast: a width must be at least 1 bit");
}

Width::Width(Expr* bits) : kind_(Kind::kExpr), expr_(NotNull(bits, "width")) {}

Width Width::Range(Expr* msb, Expr* lsb) {
  Width w;
  w.kind_ = Kind::kRange;
  w.expr_ = NotNull(msb, "range msb");
  w.lsb_ = NotNull(lsb, "range lsb");
  return w;
}

Type Type::Signed() const {
  Type t = *this;
  t.is_signed = true;
  return t;
}

Type Type::Array(Width d) const {
  Type t = *this;
  t.depth = d;
  return t;
}

Type Wire(Width width) { return Type{NetKind::kWire, false, width, {}}; }
Type Reg(Width width) { return Type{NetKind::kReg, false, width, {}}; }

// ---------------------------------------------------------------------------------------------
// Statements

void Block::Blocking(Expr* lhs, Expr* rhs) {
  Add(arena_->Make<BlockingAssignment>(NotNull(lhs, "lhs"), NotNull(rhs, "rhs")));
}

void Block::NonBlocking(Expr* lhs, Expr* rhs) {
  Add(arena_->Make<NonBlockingAssignment>(NotNull(lhs, "lhs"), NotNull(rhs, "rhs")));
}

IfStatement* Block::If(Expr* cond) {
  auto* s = arena_->Make<IfStatement>(arena_, cond);
  Add(s);
  return s;
}

CaseStatement* Block::Case(Expr* selector) {
  auto* s = arena_->Make<CaseStatement>(arena_, selector);
  Add(s);
  return s;
}

Block* Block::For(Expr* var, Expr* init, Expr* cond, Expr* next) {
  Block* body = arena_->Make<Block>(arena_);
  Add(arena_->Make<ForStatement>(NotNull(var, "loop variable"), NotNull(init, "loop init"),
                                 NotNull(cond, "loop condition"), NotNull(next, "loop step"),
                                 body));
  return body;
}

Block* Block::Begin() {
  Block* b = arena_->Make<Block>(arena_);
  Add(b);
  return b;
}

void Block::Comment(std::string_view text) {
  Add(arena_->Make<CommentStatement>(std::string(text)));
}

void Block::SystemTask(std::string_view name, std::vector<Expr*> args) {
  NoNulls(args, "system task argument");
  Add(arena_->Make<SystemTaskStatement>(std::string(name), std::move(args)));
}

void Block::Add(Statement* s) { statements_.push_back(NotNull(s, "statement")); }

IfStatement::IfStatement(Arena* arena, Expr* cond) : Statement(StmtKind::kIf), arena_(arena) {
  arms_.push_back({NotNull(cond, "if condition"), arena_->Make<Block>(arena_)});
}

Block* IfStatement::ElseIf(Expr* cond) {
  if (else_ != nullptr) throw std::logic_error("vast: ElseIf() after Else()");
  arms_.push_back({NotNull(cond, "else-if condition"), arena_->Make<Block>(arena_)});
  return arms_.back().body;
}

Block* IfStatement::Else() {
  if (else_ == nullptr) else_ = arena_->Make<Block>(arena_);
  return else_;
}

CaseStatement::CaseStatement(Arena* arena, Expr* selector)
    : Statement(StmtKind::kCase), arena_(arena), selector_(NotNull(selector, "case selector")) {}

Block* CaseStatement::Item(Expr* label) { return Item(std::vector<Expr*>{label}); }

Block* CaseStatement::Item(std::vector<Expr*> labels) {
  if (labels.empty()) throw std::invalid_argument("vast: a case item needs a label");
  NoNulls(labels, "case label");
  items_.push_back({std::move(labels), arena_->Make<Block>(arena_)});
  return items_.back().body;
}

Block* CaseStatement::Default() {
  if (default_ == nullptr) default_ = arena_->Make<Block>(arena_);
  return default_;
}

// ---------------------------------------------------------------------------------------------
// Module items

Instance* Instance::Param(std::string_view name, Expr* value) {
  params_.push_back({std::string(name), NotNull(value, "parameter value")});
  return this;
}

Instance* Instance::Connect(std::string_view port, Expr* value) {
  ports_.push_back({std::string(port), value});
  return this;
}

// ---------------------------------------------------------------------------------------------
// Module

Module::Module(std::string_view name) : name_(name), arena_(std::make_unique<Arena>()) {}

Identifier* Module::Id(std::string_view name) { return Make<Identifier>(std::string(name)); }

Literal* Module::Lit(int width, uint64_t value, Radix radix) {
  return WideLit(width, {value}, radix);
}

Literal* Module::WideLit(int width, std::vector<uint64_t> words, Radix radix) {
  if (width < 1) throw std::invalid_argument("vast: a literal must be at least 1 bit wide");
  const size_t n = (static_cast<size_t>(width) + 63) / 64;
  for (size_t i = n; i < words.size(); ++i) {
    if (words[i] != 0) throw std::invalid_argument("vast: literal value wider than its width");
  }
  words.resize(n, 0);
  if (width % 64 != 0 && (words.back() >> (width % 64)) != 0) {
    throw std::invalid_argument("vast: literal value wider than its width");
  }
  return Make<Literal>(width, std::move(words), radix);
}

IntLiteral* Module::Int(int64_t value) { return Make<IntLiteral>(value); }

StringLiteral* Module::Str(std::string_view value) {
  return Make<StringLiteral>(std::string(value));
}

UnaryExpr* Module::Unary(UnaryOp op, Expr* x) { return Make<UnaryExpr>(op, NotNull(x, "operand")); }

BinaryExpr* Module::Binary(BinaryOp op, Expr* a, Expr* b) {
  return Make<BinaryExpr>(op, NotNull(a, "left operand"), NotNull(b, "right operand"));
}

TernaryExpr* Module::Ternary(Expr* cond, Expr* if_true, Expr* if_false) {
  return Make<TernaryExpr>(NotNull(cond, "condition"), NotNull(if_true, "true operand"),
                           NotNull(if_false, "false operand"));
}

BitSelect* Module::Index(Expr* base, Expr* index) {
  return Make<BitSelect>(NotNull(base, "select base"), NotNull(index, "index"));
}

PartSelect* Module::Slice(Expr* base, Expr* msb, Expr* lsb) {
  return Make<PartSelect>(NotNull(base, "select base"), NotNull(msb, "msb"), NotNull(lsb, "lsb"));
}

IndexedPartSelect* Module::IndexedSlice(Expr* base, Expr* start, Expr* width) {
  return Make<IndexedPartSelect>(NotNull(base, "select base"), NotNull(start, "start"),
                                 NotNull(width, "width"), false);
}

IndexedPartSelect* Module::IndexedSliceDown(Expr* base, Expr* start, Expr* width) {
  return Make<IndexedPartSelect>(NotNull(base, "select base"), NotNull(start, "start"),
                                 NotNull(width, "width"), true);
}

Concatenation* Module::Concat(std::vector<Expr*> elements) {
  if (elements.empty()) throw std::invalid_argument("vast: empty concatenation");
  NoNulls(elements, "concatenation element");
  return Make<Concatenation>(std::move(elements));
}

Replication* Module::Replicate(Expr* count, Expr* element) {
  return Replicate(count, std::vector<Expr*>{element});
}

Replication* Module::Replicate(Expr* count, std::vector<Expr*> elements) {
  if (elements.empty()) throw std::invalid_argument("vast: empty replication");
  NoNulls(elements, "replication element");
  return Make<Replication>(NotNull(count, "replication count"), std::move(elements));
}

SystemCall* Module::SysCall(std::string_view name, std::vector<Expr*> args) {
  NoNulls(args, "system function argument");
  return Make<SystemCall>(std::string(name), std::move(args));
}

void Module::AddHeaderComment(std::string_view text) { header_comments_.emplace_back(text); }

Identifier* Module::AddParameter(std::string_view name, Expr* value, ParamType type) {
  parameters_.push_back({std::string(name), type, NotNull(value, "parameter value")});
  return Id(name);
}

Identifier* Module::AddInput(std::string_view name, Type type) {
  ports_.push_back({Direction::kInput, std::string(name), type});
  return Id(name);
}

Identifier* Module::AddOutput(std::string_view name, Type type) {
  ports_.push_back({Direction::kOutput, std::string(name), type});
  return Id(name);
}

void Module::AddComment(std::string_view text) { AddItem<CommentItem>(std::string(text)); }

void Module::AddBlank() { AddItem<BlankItem>(); }

Identifier* Module::AddLocalParam(std::string_view name, Expr* value, ParamType type) {
  AddItem<LocalParamItem>(Parameter{std::string(name), type, NotNull(value, "localparam value")});
  return Id(name);
}

Identifier* Module::AddDecl(std::string_view name, Type type, Expr* init) {
  AddItem<NetDeclItem>(std::string(name), type, init);
  return Id(name);
}

Identifier* Module::AddInteger(std::string_view name) {
  AddItem<IntegerDeclItem>(std::string(name));
  return Id(name);
}

void Module::AddAssign(Expr* lhs, Expr* rhs) {
  AddItem<AssignItem>(NotNull(lhs, "lhs"), NotNull(rhs, "rhs"));
}

Instance* Module::AddInstance(std::string_view module_name, std::string_view instance_name) {
  return AddItem<Instance>(std::string(module_name), std::string(instance_name));
}

Block* Module::AddAlwaysFf(Expr* clk, Expr* rst_n) {
  std::vector<Event> events = {{Edge::kPosedge, NotNull(clk, "clock")}};
  if (rst_n != nullptr) events.push_back({Edge::kNegedge, rst_n});
  return AddAlways(std::move(events));
}

Block* Module::AddAlwaysComb() { return AddAlways({}); }

Block* Module::AddAlways(std::vector<Event> events) {
  for (const Event& e : events) NotNull(e.signal, "event signal");
  Block* body = Make<Block>(arena_.get());
  AddItem<AlwaysItem>(std::move(events), body);
  return body;
}

Block* Module::AddInitial() {
  Block* body = Make<Block>(arena_.get());
  AddItem<InitialItem>(body);
  return body;
}

// ---------------------------------------------------------------------------------------------
// Printer

namespace {

constexpr size_t kMaxColumns = 100;
// Marks a place where a too-long line may be broken; never left in the output.
constexpr char kBreak = '\x01';

[[noreturn]] void Fail(const std::string& message) { throw std::logic_error("vast: " + message); }

const std::string& CheckName(const std::string& name) {
  if (!IsLegalName(name)) Fail("illegal Verilog name '" + name + "'");
  return name;
}

const std::string& CheckSystemName(const std::string& name) {
  bool ok =
      name.size() >= 2 && name[0] == '$' && !(name[1] >= '0' && name[1] <= '9') && name[1] != '$';
  for (size_t i = 1; ok && i < name.size(); ++i) {
    const char c = name[i];
    ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
  }
  if (!ok) Fail("illegal system task or function name '" + name + "'");
  return name;
}

std::string StripBreaks(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), kBreak), s.end());
  return s;
}

std::string RightTrim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Verilog-2005 operator precedence, higher binds tighter.
enum Precedence : int {
  kPrecTernary = 1,
  kPrecLogicalOr,
  kPrecLogicalAnd,
  kPrecBitOr,
  kPrecBitXor,
  kPrecBitAnd,
  kPrecEquality,
  kPrecRelational,
  kPrecShift,
  kPrecAdditive,
  kPrecMultiplicative,
  kPrecUnary,
  kPrecPrimary,
};

struct BinaryInfo {
  const char* text;
  int precedence;
};

BinaryInfo Info(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return {"+", kPrecAdditive};
    case BinaryOp::kSub:
      return {"-", kPrecAdditive};
    case BinaryOp::kMul:
      return {"*", kPrecMultiplicative};
    case BinaryOp::kDiv:
      return {"/", kPrecMultiplicative};
    case BinaryOp::kMod:
      return {"%", kPrecMultiplicative};
    case BinaryOp::kShl:
      return {"<<", kPrecShift};
    case BinaryOp::kShr:
      return {">>", kPrecShift};
    case BinaryOp::kAshr:
      return {">>>", kPrecShift};
    case BinaryOp::kLt:
      return {"<", kPrecRelational};
    case BinaryOp::kLe:
      return {"<=", kPrecRelational};
    case BinaryOp::kGt:
      return {">", kPrecRelational};
    case BinaryOp::kGe:
      return {">=", kPrecRelational};
    case BinaryOp::kEq:
      return {"==", kPrecEquality};
    case BinaryOp::kNe:
      return {"!=", kPrecEquality};
    case BinaryOp::kBitAnd:
      return {"&", kPrecBitAnd};
    case BinaryOp::kBitXor:
      return {"^", kPrecBitXor};
    case BinaryOp::kBitOr:
      return {"|", kPrecBitOr};
    case BinaryOp::kLogicalAnd:
      return {"&&", kPrecLogicalAnd};
    case BinaryOp::kLogicalOr:
      return {"||", kPrecLogicalOr};
  }
  Fail("unknown binary operator");
}

const char* UnaryText(UnaryOp op) {
  switch (op) {
    case UnaryOp::kLogicalNot:
      return "!";
    case UnaryOp::kBitNot:
      return "~";
    case UnaryOp::kNegate:
      return "-";
    case UnaryOp::kAndReduce:
      return "&";
    case UnaryOp::kOrReduce:
      return "|";
    case UnaryOp::kXorReduce:
      return "^";
  }
  Fail("unknown unary operator");
}

int PrecedenceOf(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kUnary:
      return kPrecUnary;
    case ExprKind::kBinary:
      return Info(static_cast<const BinaryExpr&>(e).op).precedence;
    case ExprKind::kTernary:
      return kPrecTernary;
    case ExprKind::kInt:
      return static_cast<const IntLiteral&>(e).value < 0 ? kPrecUnary : kPrecPrimary;
    default:
      return kPrecPrimary;
  }
}

// A reduction (&x, |x, ^x) as an operand of a binary operator reads like a typo for the binary
// operator, so it is parenthesised although precedence does not require it.
bool IsReduction(const Expr& e) {
  if (e.kind != ExprKind::kUnary) return false;
  const UnaryOp op = static_cast<const UnaryExpr&>(e).op;
  return op == UnaryOp::kAndReduce || op == UnaryOp::kOrReduce || op == UnaryOp::kXorReduce;
}

std::string Parens(const std::string& s) { return "(" + s + ")"; }

std::string FormatLiteral(const Literal& l) {
  if (l.width < 1) Fail("literal of width " + std::to_string(l.width));
  if (l.words.size() * 64 < static_cast<size_t>(l.width)) Fail("literal with too few words");
  Radix radix = l.radix;
  if (l.width == 1) radix = Radix::kBinary;
  if (radix == Radix::kDecimal && l.width > 64) radix = Radix::kHex;
  auto bit = [&l](int i) { return (l.words[i / 64] >> (i % 64)) & 1u; };
  std::string s = std::to_string(l.width) + "'" + (l.is_signed ? "s" : "");
  switch (radix) {
    case Radix::kDecimal:
      return s + "d" + std::to_string(l.words[0]);
    case Radix::kHex: {
      s += 'h';
      for (int d = (l.width + 3) / 4 - 1; d >= 0; --d) {
        unsigned nibble = 0;
        for (int b = 3; b >= 0; --b) {
          const int i = d * 4 + b;
          nibble = (nibble << 1) | (i < l.width ? static_cast<unsigned>(bit(i)) : 0u);
        }
        s += "0123456789abcdef"[nibble];
      }
      return s;
    }
    case Radix::kBinary:
      s += 'b';
      for (int i = l.width - 1; i >= 0; --i) s += bit(i) ? '1' : '0';
      return s;
  }
  Fail("unknown radix");
}

std::string QuoteString(const std::string& v) {
  static const char kOctal[] = "01234567";
  std::string s = "\"";
  for (const char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      s += '\\';
      s += ch;
    } else if (c == '\n') {
      s += "\\n";
    } else if (c == '\t') {
      s += "\\t";
    } else if (c < 0x20 || c >= 0x7f) {
      s += '\\';
      s += kOctal[(c >> 6) & 7];
      s += kOctal[(c >> 3) & 7];
      s += kOctal[c & 7];
    } else {
      s += ch;
    }
  }
  return s + "\"";
}

std::string ExprText(const Expr& e);

std::string JoinExprs(const std::vector<Expr*>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) s += std::string(", ") + kBreak;
    s += ExprText(*NotNull(v[i], "expression"));
  }
  return s;
}

// The expression a select applies to: a name, or a word of a memory (mem[i][7:0]).
std::string SelectBase(const Expr& base) {
  if (base.kind == ExprKind::kIdentifier) return ExprText(base);
  if (base.kind == ExprKind::kBitSelect) {
    const auto& inner = static_cast<const BitSelect&>(base);
    if (inner.base->kind == ExprKind::kIdentifier) return ExprText(base);
  }
  Fail("a select must apply to a name or a memory word, not '" + StripBreaks(ExprText(base)) + "'");
}

std::string ExprText(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kIdentifier:
      return CheckName(static_cast<const Identifier&>(e).name);
    case ExprKind::kLiteral:
      return FormatLiteral(static_cast<const Literal&>(e));
    case ExprKind::kInt:
      return std::to_string(static_cast<const IntLiteral&>(e).value);
    case ExprKind::kString:
      return QuoteString(static_cast<const StringLiteral&>(e).value);
    case ExprKind::kUnary: {
      const auto& u = static_cast<const UnaryExpr&>(e);
      const Expr& x = *NotNull(u.operand, "operand");
      const std::string operand = ExprText(x);
      return UnaryText(u.op) + (PrecedenceOf(x) < kPrecPrimary ? Parens(operand) : operand);
    }
    case ExprKind::kBinary: {
      const auto& b = static_cast<const BinaryExpr&>(e);
      const BinaryInfo info = Info(b.op);
      const Expr& lhs = *NotNull(b.lhs, "operand");
      const Expr& rhs = *NotNull(b.rhs, "operand");
      std::string l = ExprText(lhs);
      std::string r = ExprText(rhs);
      if (PrecedenceOf(lhs) < info.precedence || IsReduction(lhs)) l = Parens(l);
      if (PrecedenceOf(rhs) <= info.precedence || IsReduction(rhs)) r = Parens(r);
      return l + " " + info.text + " " + kBreak + r;
    }
    case ExprKind::kTernary: {
      // Right-associative: a ? b : c ? d : e needs no parentheses. A conditional as the
      // condition needs them; one as the middle operand gets them for legibility.
      const auto& t = static_cast<const TernaryExpr&>(e);
      const Expr& c = *NotNull(t.cond, "condition");
      const Expr& x = *NotNull(t.if_true, "operand");
      const Expr& y = *NotNull(t.if_false, "operand");
      std::string cs = ExprText(c);
      std::string xs = ExprText(x);
      if (PrecedenceOf(c) <= kPrecTernary) cs = Parens(cs);
      if (PrecedenceOf(x) <= kPrecTernary) xs = Parens(xs);
      return cs + " ? " + kBreak + xs + " : " + kBreak + ExprText(y);
    }
    case ExprKind::kBitSelect: {
      const auto& s = static_cast<const BitSelect&>(e);
      return SelectBase(*NotNull(s.base, "select base")) + "[" +
             StripBreaks(ExprText(*NotNull(s.index, "index"))) + "]";
    }
    case ExprKind::kPartSelect: {
      const auto& s = static_cast<const PartSelect&>(e);
      return SelectBase(*NotNull(s.base, "select base")) + "[" +
             StripBreaks(ExprText(*NotNull(s.msb, "msb"))) + ":" +
             StripBreaks(ExprText(*NotNull(s.lsb, "lsb"))) + "]";
    }
    case ExprKind::kIndexedPartSelect: {
      const auto& s = static_cast<const IndexedPartSelect&>(e);
      return SelectBase(*NotNull(s.base, "select base")) + "[" +
             StripBreaks(ExprText(*NotNull(s.start, "start"))) + (s.descending ? " -: " : " +: ") +
             StripBreaks(ExprText(*NotNull(s.width, "width"))) + "]";
    }
    case ExprKind::kConcat: {
      const auto& c = static_cast<const Concatenation&>(e);
      if (c.elements.empty()) Fail("empty concatenation");
      return "{" + JoinExprs(c.elements) + "}";
    }
    case ExprKind::kReplicate: {
      const auto& r = static_cast<const Replication&>(e);
      if (r.elements.empty()) Fail("empty replication");
      const Expr& count = *NotNull(r.count, "replication count");
      std::string cs = StripBreaks(ExprText(count));
      if (PrecedenceOf(count) < kPrecPrimary) cs = Parens(cs);
      return "{" + cs + "{" + JoinExprs(r.elements) + "}}";
    }
    case ExprKind::kSystemCall: {
      const auto& c = static_cast<const SystemCall&>(e);
      CheckSystemName(c.name);
      if (c.args.empty()) return c.name;
      return c.name + "(" + JoinExprs(c.args) + ")";
    }
  }
  Fail("unknown expression kind");
}

std::string Flat(const Expr& e) { return StripBreaks(ExprText(e)); }

// Something that can be assigned to: a name, a select of one, or a concatenation of those.
std::string LValueText(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kIdentifier:
    case ExprKind::kBitSelect:
    case ExprKind::kPartSelect:
    case ExprKind::kIndexedPartSelect:
      return ExprText(e);
    case ExprKind::kConcat:
      for (const Expr* x : static_cast<const Concatenation&>(e).elements) {
        LValueText(*NotNull(x, "concatenation element"));
      }
      return ExprText(e);
    default:
      Fail("cannot assign to '" + Flat(e) + "'");
  }
}

// "count-1" for a width or depth given as a count, folded where that is easy.
std::string CountMinusOne(const Width& w) {
  if (w.kind() == Width::Kind::kBits) return std::to_string(w.bits() - 1);
  const Expr& x = *NotNull(w.expr(), "width");
  if (x.kind == ExprKind::kInt) {
    return std::to_string(static_cast<const IntLiteral&>(x).value - 1);
  }
  if (PrecedenceOf(x) == kPrecPrimary) return Flat(x) + "-1";
  // Fold the common W + k and W - k: [W+1-1:0] prints as [W:0].
  if (x.kind == ExprKind::kBinary) {
    const auto& b = static_cast<const BinaryExpr&>(x);
    const BinaryOp op = b.op;
    if ((op == BinaryOp::kAdd || op == BinaryOp::kSub) && b.rhs->kind == ExprKind::kInt &&
        PrecedenceOf(*b.lhs) >= kPrecAdditive) {
      int64_t k = static_cast<const IntLiteral&>(*b.rhs).value;
      k = op == BinaryOp::kAdd ? k - 1 : -k - 1;
      if (k == 0) return Flat(*b.lhs);
      return Flat(*b.lhs) + (k > 0 ? " + " : " - ") + std::to_string(k > 0 ? k : -k);
    }
  }
  const std::string s = Flat(x);
  return (PrecedenceOf(x) < kPrecAdditive ? Parens(s) : s) + " - 1";
}

std::string RangeText(const Width& w) {
  return "[" + Flat(*NotNull(w.msb(), "msb")) + ":" + Flat(*NotNull(w.lsb(), "lsb")) + "]";
}

// A packed width: "" for a scalar, else "[7:0]", "[Width-1:0]", "[msb:lsb]". With `explicit_one`,
// one bit prints as [0:0] (for packed parameters, where no range would mean untyped).
std::string PackedText(const Width& w, bool explicit_one = false) {
  switch (w.kind()) {
    case Width::Kind::kNone:
      if (explicit_one) return "[0:0]";
      return "";
    case Width::Kind::kBits:
      if (w.bits() == 1 && !explicit_one) return "";
      return "[" + CountMinusOne(w) + ":0]";
    case Width::Kind::kExpr:
      return "[" + CountMinusOne(w) + ":0]";
    case Width::Kind::kRange:
      return RangeText(w);
  }
  Fail("unknown width kind");
}

// An unpacked array depth: "[0:3]", "[0:Depth-1]", "[msb:lsb]"; "" when not an array.
std::string DepthText(const Width& w) {
  switch (w.kind()) {
    case Width::Kind::kNone:
      return "";
    case Width::Kind::kBits:
    case Width::Kind::kExpr:
      return "[0:" + CountMinusOne(w) + "]";
    case Width::Kind::kRange:
      return RangeText(w);
  }
  Fail("unknown width kind");
}

std::string ParamText(const char* keyword, const Parameter& p) {
  std::string s = keyword;
  switch (p.type.kind) {
    case ParamType::Kind::kInteger:
      s += " integer";
      break;
    case ParamType::Kind::kPacked:
      s += " " + PackedText(p.type.width, true);
      break;
    case ParamType::Kind::kUntyped:
      break;
  }
  return s + " " + CheckName(p.name) + " = " + ExprText(*NotNull(p.value, "parameter value"));
}

// Pads each column to its widest cell; a column empty in every row is dropped.
std::vector<std::string> AlignColumns(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> out(rows.size());
  if (rows.empty()) return out;
  const size_t ncols = rows[0].size();
  for (size_t c = 0; c < ncols; ++c) {
    size_t width = 0;
    for (const auto& row : rows) width = std::max(width, row[c].size());
    if (width == 0) continue;
    const bool last = c + 1 == ncols;
    for (size_t r = 0; r < rows.size(); ++r) {
      if (!out[r].empty()) out[r] += ' ';
      out[r] += rows[r][c];
      if (!last) out[r] += std::string(width - rows[r][c].size(), ' ');
    }
  }
  return out;
}

bool IsSimpleStatement(const Statement& s) {
  return s.kind == StmtKind::kBlocking || s.kind == StmtKind::kNonBlocking ||
         s.kind == StmtKind::kSystemTask;
}

bool IsBlockItem(const ModuleItem& item) {
  return item.kind == ItemKind::kInstance || item.kind == ItemKind::kAlways ||
         item.kind == ItemKind::kInitial;
}

class Printer {
 public:
  std::string Print(const Module& m);

 private:
  // Appends one line, dropping trailing spaces.
  void Raw(const std::string& line) {
    out_ += RightTrim(line);
    out_ += '\n';
  }

  // Appends a logical line at `level` (2 spaces each), breaking it at kBreak marks, greedily,
  // when it would pass kMaxColumns; continuation lines are indented 4 more spaces.
  void Line(int level, const std::string& text) {
    const std::string indent(2 * level, ' ');
    const std::string flat = StripBreaks(text);
    if (indent.size() + flat.size() <= kMaxColumns || text.find(kBreak) == std::string::npos) {
      Raw(indent + flat);
      return;
    }
    const std::string cont(2 * level + 4, ' ');
    std::string cur = indent;
    size_t start = 0;
    bool first = true;
    while (start <= text.size()) {
      size_t end = text.find(kBreak, start);
      if (end == std::string::npos) end = text.size();
      std::string seg = text.substr(start, end - start);
      if (first || cur.size() + seg.size() <= kMaxColumns) {
        cur += seg;
      } else {
        Raw(cur);
        seg.erase(0, seg.find_first_not_of(' ') == std::string::npos ? seg.size()
                                                                     : seg.find_first_not_of(' '));
        cur = cont + seg;
      }
      first = false;
      start = end + 1;
    }
    Raw(cur);
  }

  // "// text", one line per '\n'-separated line, word-wrapped to kMaxColumns.
  void Comment(int level, std::string_view text) {
    const std::string prefix = std::string(2 * level, ' ') + "//";
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      std::string line;
      for (const char ch : text.substr(pos, nl - pos)) {
        if (ch == '\t') {
          line += ' ';
        } else if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f) {
          line += ch;
        }
      }
      line = RightTrim(line);
      if (line.empty()) {
        Raw(prefix);
      } else if (prefix.size() + 1 + line.size() <= kMaxColumns) {
        Raw(prefix + " " + line);
      } else {
        std::string cur = prefix;
        size_t i = 0;
        while (i < line.size()) {
          const size_t sp = line.find(' ', i);
          const size_t word_end = sp == std::string::npos ? line.size() : sp;
          const std::string word = line.substr(i, word_end - i);
          if (!word.empty()) {
            if (cur.size() > prefix.size() && cur.size() + 1 + word.size() > kMaxColumns) {
              Raw(cur);
              cur = prefix;
            }
            cur += " " + word;
          }
          i = word_end + 1;
        }
        Raw(cur);
      }
      pos = nl + 1;
    }
  }

  void Declare(const std::string& name) {
    CheckName(name);
    if (!names_.insert(name).second) Fail("'" + name + "' is declared twice");
  }

  void Ports(const Module& m);
  void NetDecls(const std::vector<const NetDeclItem*>& run);
  void Item(const ModuleItem& item);
  void InstanceItem(const Instance& inst);
  void Connections(const std::vector<Instance::Connection>& conns, bool allow_open);
  void Statements(int level, const Block& block);
  void Stmt(int level, const Statement& s);
  std::string SimpleStatement(const Statement& s);

  std::string out_;
  std::unordered_set<std::string> names_;
};

std::string Printer::Print(const Module& m) {
  for (const std::string& c : m.header_comments()) Comment(0, c);
  std::string head = "module " + CheckName(m.name());
  if (!m.parameters().empty()) {
    Raw(head + " #(");
    const auto& params = m.parameters();
    for (size_t i = 0; i < params.size(); ++i) {
      Declare(params[i].name);
      Line(1, ParamText("parameter", params[i]) + (i + 1 < params.size() ? "," : ""));
    }
    head = ")";
  }
  if (m.ports().empty()) {
    Raw(head + " ();");
  } else {
    Raw(head + " (");
    Ports(m);
    Raw(");");
  }
  Raw("");

  // Body items. Blank lines: explicit ones, and around instances/always/initial blocks (a
  // comment just before such a block stays attached to it); never two in a row, none at the
  // ends of the body.
  enum class Last { kNone, kBlank, kComment, kOther, kBlock };
  Last last = Last::kNone;
  bool pending_blank = false;
  const auto& items = m.items();
  for (size_t i = 0; i < items.size(); ++i) {
    const ModuleItem& item = *NotNull(items[i], "module item");
    if (item.kind == ItemKind::kBlank) {
      if (last != Last::kNone) {
        pending_blank = true;
        last = Last::kBlank;
      }
      continue;
    }
    const bool is_block = IsBlockItem(item);
    bool starts_block = is_block;
    if (item.kind == ItemKind::kComment) {
      size_t j = i + 1;
      while (j < items.size() && items[j]->kind == ItemKind::kComment) ++j;
      starts_block = j < items.size() && IsBlockItem(*items[j]);
    }
    if (last == Last::kBlock || (starts_block && last == Last::kOther)) pending_blank = true;
    if (pending_blank) Raw("");
    pending_blank = false;
    if (item.kind == ItemKind::kNetDecl) {
      std::vector<const NetDeclItem*> run;
      for (; i < items.size() && items[i]->kind == ItemKind::kNetDecl; ++i) {
        run.push_back(static_cast<const NetDeclItem*>(items[i]));
      }
      --i;
      NetDecls(run);
    } else {
      Item(item);
    }
    last = is_block                          ? Last::kBlock
           : item.kind == ItemKind::kComment ? Last::kComment
                                             : Last::kOther;
  }
  if (last != Last::kNone) Raw("");
  Raw("endmodule");
  return out_;
}

void Printer::Ports(const Module& m) {
  std::vector<std::vector<std::string>> rows;
  for (const Port& p : m.ports()) {
    Declare(p.name);
    const bool input = p.direction == Direction::kInput;
    if (input && p.type.kind != NetKind::kWire) Fail("input '" + p.name + "' must be a wire");
    if (!p.type.depth.is_none()) Fail("port '" + p.name + "' cannot be an array");
    rows.push_back({input ? "input" : "output", p.type.kind == NetKind::kWire ? "wire" : "reg",
                    p.type.is_signed ? "signed" : "", PackedText(p.type.width), p.name});
  }
  const std::vector<std::string> lines = AlignColumns(rows);
  for (size_t i = 0; i < lines.size(); ++i) {
    Raw("  " + lines[i] + (i + 1 < lines.size() ? "," : ""));
  }
}

void Printer::NetDecls(const std::vector<const NetDeclItem*>& run) {
  std::vector<std::vector<std::string>> rows;
  for (const NetDeclItem* d : run) {
    Declare(d->name);
    if (d->init != nullptr && !d->type.depth.is_none()) {
      Fail("array '" + d->name + "' cannot have an initialiser");
    }
    rows.push_back({d->type.kind == NetKind::kWire ? "wire" : "reg",
                    d->type.is_signed ? "signed" : "", PackedText(d->type.width), d->name});
  }
  const std::vector<std::string> lines = AlignColumns(rows);
  for (size_t i = 0; i < run.size(); ++i) {
    std::string s = lines[i];
    const std::string depth = DepthText(run[i]->type.depth);
    if (!depth.empty()) s += " " + depth;
    if (run[i]->init != nullptr) s += std::string(" = ") + kBreak + ExprText(*run[i]->init);
    Line(1, s + ";");
  }
}

void Printer::Item(const ModuleItem& item) {
  switch (item.kind) {
    case ItemKind::kComment:
      Comment(1, static_cast<const CommentItem&>(item).text);
      return;
    case ItemKind::kBlank:
    case ItemKind::kNetDecl:  // handled by the caller
      return;
    case ItemKind::kLocalParam: {
      const Parameter& p = static_cast<const LocalParamItem&>(item).param;
      Declare(p.name);
      Line(1, ParamText("localparam", p) + ";");
      return;
    }
    case ItemKind::kIntegerDecl: {
      const auto& d = static_cast<const IntegerDeclItem&>(item);
      Declare(d.name);
      Line(1, "integer " + d.name + ";");
      return;
    }
    case ItemKind::kAssign: {
      const auto& a = static_cast<const AssignItem&>(item);
      Line(1, "assign " + LValueText(*NotNull(a.lhs, "lhs")) + " = " + kBreak +
                  ExprText(*NotNull(a.rhs, "rhs")) + ";");
      return;
    }
    case ItemKind::kInstance:
      InstanceItem(static_cast<const Instance&>(item));
      return;
    case ItemKind::kAlways: {
      const auto& a = static_cast<const AlwaysItem&>(item);
      std::string head = "always @";
      if (a.events.empty()) {
        head += "*";
      } else {
        head += "(";
        for (size_t i = 0; i < a.events.size(); ++i) {
          if (i > 0) head += " or ";
          head += a.events[i].edge == Edge::kPosedge ? "posedge " : "negedge ";
          head += Flat(*NotNull(a.events[i].signal, "event signal"));
        }
        head += ")";
      }
      Line(1, head + " begin");
      Statements(2, *NotNull(a.body, "always body"));
      Line(1, "end");
      return;
    }
    case ItemKind::kInitial:
      Line(1, "initial begin");
      Statements(2, *NotNull(static_cast<const InitialItem&>(item).body, "initial body"));
      Line(1, "end");
      return;
  }
  Fail("unknown module item kind");
}

void Printer::InstanceItem(const Instance& inst) {
  CheckName(inst.module_name());
  Declare(inst.instance_name());
  const std::string open = inst.ports().empty() ? " ();" : " (";
  if (inst.params().empty()) {
    Line(1, inst.module_name() + " " + inst.instance_name() + open);
  } else {
    Line(1, inst.module_name() + " #(");
    Connections(inst.params(), false);
    Line(1, ") " + inst.instance_name() + open);
  }
  if (inst.ports().empty()) return;
  Connections(inst.ports(), true);
  Line(1, ");");
}

void Printer::Connections(const std::vector<Instance::Connection>& conns, bool allow_open) {
  size_t width = 0;
  std::unordered_set<std::string> seen;
  for (const auto& c : conns) {
    CheckName(c.name);
    if (!seen.insert(c.name).second) Fail("'" + c.name + "' is connected twice");
    width = std::max(width, c.name.size());
  }
  for (size_t i = 0; i < conns.size(); ++i) {
    const auto& c = conns[i];
    if (c.value == nullptr && !allow_open) Fail("parameter '" + c.name + "' has no value");
    const std::string value = c.value == nullptr ? "" : ExprText(*c.value);
    Line(2, "." + c.name + std::string(width - c.name.size(), ' ') + " (" + value + ")" +
                (i + 1 < conns.size() ? "," : ""));
  }
}

void Printer::Statements(int level, const Block& block) {
  for (const Statement* s : block.statements()) Stmt(level, *NotNull(s, "statement"));
}

std::string Printer::SimpleStatement(const Statement& s) {
  switch (s.kind) {
    case StmtKind::kBlocking: {
      const auto& a = static_cast<const BlockingAssignment&>(s);
      return LValueText(*NotNull(a.lhs, "lhs")) + " = " + kBreak +
             ExprText(*NotNull(a.rhs, "rhs")) + ";";
    }
    case StmtKind::kNonBlocking: {
      const auto& a = static_cast<const NonBlockingAssignment&>(s);
      return LValueText(*NotNull(a.lhs, "lhs")) + " <= " + kBreak +
             ExprText(*NotNull(a.rhs, "rhs")) + ";";
    }
    case StmtKind::kSystemTask: {
      const auto& t = static_cast<const SystemTaskStatement&>(s);
      CheckSystemName(t.name);
      if (t.args.empty()) return t.name + ";";
      return t.name + "(" + JoinExprs(t.args) + ");";
    }
    default:
      Fail("not a simple statement");
  }
}

void Printer::Stmt(int level, const Statement& s) {
  switch (s.kind) {
    case StmtKind::kBlock:
      Line(level, "begin");
      Statements(level + 1, static_cast<const Block&>(s));
      Line(level, "end");
      return;
    case StmtKind::kBlocking:
    case StmtKind::kNonBlocking:
    case StmtKind::kSystemTask:
      Line(level, SimpleStatement(s));
      return;
    case StmtKind::kIf: {
      const auto& f = static_cast<const IfStatement&>(s);
      for (size_t i = 0; i < f.arms().size(); ++i) {
        const auto& arm = f.arms()[i];
        Line(level, std::string(i == 0 ? "if (" : "end else if (") +
                        ExprText(*NotNull(arm.cond, "if condition")) + ") begin");
        Statements(level + 1, *NotNull(arm.body, "if body"));
      }
      if (f.else_body() != nullptr) {
        Line(level, "end else begin");
        Statements(level + 1, *f.else_body());
      }
      Line(level, "end");
      return;
    }
    case StmtKind::kCase: {
      const auto& c = static_cast<const CaseStatement&>(s);
      Line(level, "case (" + ExprText(*NotNull(c.selector(), "case selector")) + ")");
      auto item = [&](const std::string& label, const Block& body) {
        const auto& stmts = body.statements();
        if (stmts.empty()) {
          Line(level + 1, label + " ;");
          return;
        }
        if (stmts.size() == 1 && IsSimpleStatement(*stmts[0])) {
          const std::string one = label + " " + SimpleStatement(*stmts[0]);
          if (2 * (level + 1) + StripBreaks(one).size() <= kMaxColumns) {
            Line(level + 1, one);
            return;
          }
        }
        Line(level + 1, label + " begin");
        Statements(level + 2, body);
        Line(level + 1, "end");
      };
      for (const auto& ci : c.items()) {
        if (ci.labels.empty()) Fail("case item without a label");
        std::string label;
        for (size_t i = 0; i < ci.labels.size(); ++i) {
          if (i > 0) label += ", ";
          label += Flat(*NotNull(ci.labels[i], "case label"));
        }
        item(label + ":", *NotNull(ci.body, "case item body"));
      }
      if (c.default_body() != nullptr) item("default:", *c.default_body());
      Line(level, "endcase");
      return;
    }
    case StmtKind::kFor: {
      const auto& f = static_cast<const ForStatement&>(s);
      const Expr& var = *NotNull(f.var, "loop variable");
      if (var.kind != ExprKind::kIdentifier) Fail("a loop variable must be a name");
      const std::string v = ExprText(var);
      Line(level, "for (" + v + " = " + ExprText(*NotNull(f.init, "loop init")) + "; " +
                      ExprText(*NotNull(f.cond, "loop condition")) + "; " + v + " = " +
                      ExprText(*NotNull(f.next, "loop step")) + ") begin");
      Statements(level + 1, *NotNull(f.body, "loop body"));
      Line(level, "end");
      return;
    }
    case StmtKind::kComment:
      Comment(level, static_cast<const CommentStatement&>(s).text);
      return;
  }
  Fail("unknown statement kind");
}

}  // namespace

std::string EmitModule(const Module& module) { return Printer().Print(module); }

std::string EmitExpr(const Expr& expr) { return Flat(expr); }

}  // namespace rnngen::vast
