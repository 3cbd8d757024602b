// vast: a small Verilog-2005 AST and its one printer.
//
// A Module owns every node made for it (an arena); nodes refer to each other by raw pointer and
// live as long as the Module. Builders make expressions with the Module's factory methods
// (m.Add(a, b), m.Lit(8, 5), ...), declare ports and signals with AddInput/AddReg/... (each
// returns an Identifier to use in expressions), and fill procedural blocks through Block's
// methods (NonBlocking, If, Case, For, ...). EmitModule() is the only code that makes text.
//
// The printer checks what a builder can get wrong silently: every name must be a legal Verilog
// identifier and not a Verilog/SystemVerilog keyword (see IsLegalName), module-scope names must
// be unique, selects must apply to names, and assignments must target names, selects or
// concatenations of them. A violation is an internal error and throws std::logic_error. The
// factories throw std::invalid_argument for null operands and malformed literals.
#ifndef RNNGEN_EMIT_VAST_H_
#define RNNGEN_EMIT_VAST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rnngen::vast {

// True for a Verilog identifier that is not a Verilog or SystemVerilog keyword.
bool IsLegalName(std::string_view name);

class Node {
 public:
  Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  virtual ~Node() = default;
};

// Owns nodes. Each Module has one, on the heap, so nodes and the blocks that make more nodes
// stay valid when the Module is moved.
class Arena {
 public:
  template <typename T, typename... Args>
  T* Make(Args&&... args) {
    auto node = std::make_unique<T>(std::forward<Args>(args)...);
    T* raw = node.get();
    nodes_.push_back(std::move(node));
    return raw;
  }

 private:
  std::vector<std::unique_ptr<Node>> nodes_;
};

// ---------------------------------------------------------------------------------------------
// Expressions

enum class ExprKind {
  kIdentifier,
  kLiteral,
  kInt,
  kString,
  kUnary,
  kBinary,
  kTernary,
  kBitSelect,
  kPartSelect,
  kIndexedPartSelect,
  kConcat,
  kReplicate,
  kSystemCall,
};

struct Expr : Node {
  explicit Expr(ExprKind k) : kind(k) {}
  const ExprKind kind;
};

struct Identifier : Expr {
  explicit Identifier(std::string n) : Expr(ExprKind::kIdentifier), name(std::move(n)) {}
  std::string name;
};

enum class Radix { kDecimal, kHex, kBinary };

// A sized literal: 8'd5, 16'h00ff, 4'b0101, 8'sd5. `words` holds the value, least significant
// 64 bits first; no bit at or above `width` may be set. A 1-bit literal always prints as 1'b0 or
// 1'b1, and a decimal literal wider than 64 bits prints in hex.
struct Literal : Expr {
  Literal(int w, std::vector<uint64_t> v, Radix r)
      : Expr(ExprKind::kLiteral), width(w), words(std::move(v)), radix(r) {}
  int width;
  std::vector<uint64_t> words;
  Radix radix;
  bool is_signed = false;  // prints 8'sd5
};

// An unsized decimal integer (4, -3), as used for parameter values and loop bounds.
struct IntLiteral : Expr {
  explicit IntLiteral(int64_t v) : Expr(ExprKind::kInt), value(v) {}
  int64_t value;
};

// "text", escaped as needed; for parameter values such as file names.
struct StringLiteral : Expr {
  explicit StringLiteral(std::string v) : Expr(ExprKind::kString), value(std::move(v)) {}
  std::string value;
};

enum class UnaryOp { kLogicalNot, kBitNot, kNegate, kAndReduce, kOrReduce, kXorReduce };

struct UnaryExpr : Expr {
  UnaryExpr(UnaryOp o, Expr* x) : Expr(ExprKind::kUnary), op(o), operand(x) {}
  UnaryOp op;
  Expr* operand;
};

enum class BinaryOp {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kShl,
  kShr,
  kAshr,
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kBitAnd,
  kBitXor,
  kBitOr,
  kLogicalAnd,
  kLogicalOr,
};

struct BinaryExpr : Expr {
  BinaryExpr(BinaryOp o, Expr* a, Expr* b) : Expr(ExprKind::kBinary), op(o), lhs(a), rhs(b) {}
  BinaryOp op;
  Expr* lhs;
  Expr* rhs;
};

struct TernaryExpr : Expr {
  TernaryExpr(Expr* c, Expr* t, Expr* f)
      : Expr(ExprKind::kTernary), cond(c), if_true(t), if_false(f) {}
  Expr* cond;
  Expr* if_true;
  Expr* if_false;
};

// base[index]; base is a name or (for memories) another bit-select.
struct BitSelect : Expr {
  BitSelect(Expr* b, Expr* i) : Expr(ExprKind::kBitSelect), base(b), index(i) {}
  Expr* base;
  Expr* index;
};

// base[msb:lsb]
struct PartSelect : Expr {
  PartSelect(Expr* b, Expr* m, Expr* l) : Expr(ExprKind::kPartSelect), base(b), msb(m), lsb(l) {}
  Expr* base;
  Expr* msb;
  Expr* lsb;
};

// base[start +: width], or base[start -: width] when descending.
struct IndexedPartSelect : Expr {
  IndexedPartSelect(Expr* b, Expr* s, Expr* w, bool d)
      : Expr(ExprKind::kIndexedPartSelect), base(b), start(s), width(w), descending(d) {}
  Expr* base;
  Expr* start;
  Expr* width;
  bool descending;
};

// {a, b, c}: the first element is the most significant.
struct Concatenation : Expr {
  explicit Concatenation(std::vector<Expr*> e) : Expr(ExprKind::kConcat), elements(std::move(e)) {}
  std::vector<Expr*> elements;
};

// {count{a, b}}
struct Replication : Expr {
  Replication(Expr* c, std::vector<Expr*> e)
      : Expr(ExprKind::kReplicate), count(c), elements(std::move(e)) {}
  Expr* count;
  std::vector<Expr*> elements;
};

// $signed(x), $unsigned(x), $clog2(n), ...
struct SystemCall : Expr {
  SystemCall(std::string n, std::vector<Expr*> a)
      : Expr(ExprKind::kSystemCall), name(std::move(n)), args(std::move(a)) {}
  std::string name;  // with the leading '$'
  std::vector<Expr*> args;
};

// ---------------------------------------------------------------------------------------------
// Types

// A packed width or an unpacked depth. Implicit from an int (bit count) or an Expr* (a count,
// usually a parameter): as a packed width, 8 prints [7:0], Width prints [Width-1:0], 1 and the
// default prints nothing; as an array depth, 4 prints [0:3], Depth prints [0:Depth-1], and the
// default means "not an array". Range() gives an explicit [msb:lsb] in both roles.
class Width {
 public:
  enum class Kind { kNone, kBits, kExpr, kRange };

  Width() = default;
  Width(int bits);    // NOLINT(google-explicit-constructor): m.AddReg("q", 8)
  Width(Expr* bits);  // NOLINT(google-explicit-constructor): m.AddReg("q", width_param)
  static Width Range(Expr* msb, Expr* lsb);

  Kind kind() const { return kind_; }
  bool is_none() const { return kind_ == Kind::kNone; }
  int bits() const { return bits_; }
  Expr* expr() const { return expr_; }
  Expr* msb() const { return expr_; }
  Expr* lsb() const { return lsb_; }

 private:
  Kind kind_ = Kind::kNone;
  int bits_ = 0;
  Expr* expr_ = nullptr;  // count for kExpr, msb for kRange
  Expr* lsb_ = nullptr;
};

enum class NetKind { kWire, kReg };

// What a port or a module-scope declaration is: wire/reg, signedness, packed width and
// (declarations only) an unpacked array depth. Made with Wire()/Reg() and the modifiers:
//   Reg(8).Signed()           reg signed [7:0] x;
//   Reg(width).Array(depth)   reg [Width-1:0] x [0:Depth-1];
struct Type {
  NetKind kind = NetKind::kWire;
  bool is_signed = false;
  Width width;
  Width depth;  // kNone: not an array

  Type Signed() const;
  Type Array(Width d) const;
};
Type Wire(Width width = {});
Type Reg(Width width = {});

// How a parameter or localparam is declared: `integer`, packed `[N-1:0]`, or untyped (for
// strings such as file names).
struct ParamType {
  enum class Kind { kInteger, kPacked, kUntyped };
  Kind kind = Kind::kInteger;
  Width width;

  static ParamType Integer() { return {}; }
  static ParamType Packed(Width w) { return {Kind::kPacked, w}; }
  static ParamType Untyped() { return {Kind::kUntyped, {}}; }
};

struct Parameter {
  std::string name;
  ParamType type;
  Expr* value = nullptr;
};

enum class Direction { kInput, kOutput };

struct Port {
  Direction direction = Direction::kInput;
  std::string name;
  Type type;
};

// ---------------------------------------------------------------------------------------------
// Statements

enum class StmtKind {
  kBlock,
  kBlocking,
  kNonBlocking,
  kIf,
  kCase,
  kFor,
  kComment,
  kSystemTask,
};

struct Statement : Node {
  explicit Statement(StmtKind k) : kind(k) {}
  const StmtKind kind;
};

class IfStatement;
class CaseStatement;

// begin ... end. The builder methods append a statement and return what the caller fills next.
class Block : public Statement {
 public:
  explicit Block(Arena* arena) : Statement(StmtKind::kBlock), arena_(arena) {}

  void Blocking(Expr* lhs, Expr* rhs);     // lhs = rhs;
  void NonBlocking(Expr* lhs, Expr* rhs);  // lhs <= rhs;
  IfStatement* If(Expr* cond);             // fill ->Then(), ->ElseIf(c), ->Else()
  CaseStatement* Case(Expr* selector);     // fill ->Item(label), ->Default()
  // for (var = init; cond; var = next) begin ... end; returns the loop body.
  Block* For(Expr* var, Expr* init, Expr* cond, Expr* next);
  Block* Begin();                       // a nested begin ... end
  void Comment(std::string_view text);  // one "// " line per '\n'-separated line
  void SystemTask(std::string_view name, std::vector<Expr*> args);  // $readmemh(File, mem);
  void Add(Statement* s);

  const std::vector<Statement*>& statements() const { return statements_; }
  Arena* arena() const { return arena_; }

 private:
  Arena* arena_;
  std::vector<Statement*> statements_;
};

struct BlockingAssignment : Statement {
  BlockingAssignment(Expr* l, Expr* r) : Statement(StmtKind::kBlocking), lhs(l), rhs(r) {}
  Expr* lhs;
  Expr* rhs;
};

struct NonBlockingAssignment : Statement {
  NonBlockingAssignment(Expr* l, Expr* r) : Statement(StmtKind::kNonBlocking), lhs(l), rhs(r) {}
  Expr* lhs;
  Expr* rhs;
};

// if (c0) begin ... end else if (c1) begin ... end else begin ... end
class IfStatement : public Statement {
 public:
  struct Arm {
    Expr* cond;
    Block* body;
  };
  IfStatement(Arena* arena, Expr* cond);

  Block* Then() const { return arms_.front().body; }
  Block* ElseIf(Expr* cond);  // a new arm; not after Else()
  Block* Else();              // made on first call, the same block afterwards

  const std::vector<Arm>& arms() const { return arms_; }
  Block* else_body() const { return else_; }

 private:
  Arena* arena_;
  std::vector<Arm> arms_;
  Block* else_ = nullptr;
};

// case (selector) ... endcase; items print in order, default last.
class CaseStatement : public Statement {
 public:
  struct CaseItem {
    std::vector<Expr*> labels;
    Block* body;
  };
  CaseStatement(Arena* arena, Expr* selector);

  Block* Item(Expr* label);
  Block* Item(std::vector<Expr*> labels);  // 2'd0, 2'd1: ...
  Block* Default();                        // made on first call, the same block afterwards

  Expr* selector() const { return selector_; }
  const std::vector<CaseItem>& items() const { return items_; }
  Block* default_body() const { return default_; }

 private:
  Arena* arena_;
  Expr* selector_;
  std::vector<CaseItem> items_;
  Block* default_ = nullptr;
};

struct ForStatement : Statement {
  ForStatement(Expr* v, Expr* i, Expr* c, Expr* n, Block* b)
      : Statement(StmtKind::kFor), var(v), init(i), cond(c), next(n), body(b) {}
  Expr* var;
  Expr* init;
  Expr* cond;
  Expr* next;
  Block* body;
};

struct CommentStatement : Statement {
  explicit CommentStatement(std::string t) : Statement(StmtKind::kComment), text(std::move(t)) {}
  std::string text;
};

struct SystemTaskStatement : Statement {
  SystemTaskStatement(std::string n, std::vector<Expr*> a)
      : Statement(StmtKind::kSystemTask), name(std::move(n)), args(std::move(a)) {}
  std::string name;
  std::vector<Expr*> args;
};

// ---------------------------------------------------------------------------------------------
// Module items

enum class ItemKind {
  kComment,
  kBlank,
  kLocalParam,
  kNetDecl,
  kIntegerDecl,
  kAssign,
  kInstance,
  kAlways,
  kInitial,
};

struct ModuleItem : Node {
  explicit ModuleItem(ItemKind k) : kind(k) {}
  const ItemKind kind;
};

struct CommentItem : ModuleItem {
  explicit CommentItem(std::string t) : ModuleItem(ItemKind::kComment), text(std::move(t)) {}
  std::string text;
};

struct BlankItem : ModuleItem {
  BlankItem() : ModuleItem(ItemKind::kBlank) {}
};

struct LocalParamItem : ModuleItem {
  explicit LocalParamItem(Parameter p) : ModuleItem(ItemKind::kLocalParam), param(std::move(p)) {}
  Parameter param;
};

// wire/reg declaration; `init` (wires only) makes `wire x = expr;`.
struct NetDeclItem : ModuleItem {
  NetDeclItem(std::string n, Type t, Expr* i)
      : ModuleItem(ItemKind::kNetDecl), name(std::move(n)), type(t), init(i) {}
  std::string name;
  Type type;
  Expr* init;
};

struct IntegerDeclItem : ModuleItem {
  explicit IntegerDeclItem(std::string n)
      : ModuleItem(ItemKind::kIntegerDecl), name(std::move(n)) {}
  std::string name;
};

struct AssignItem : ModuleItem {
  AssignItem(Expr* l, Expr* r) : ModuleItem(ItemKind::kAssign), lhs(l), rhs(r) {}
  Expr* lhs;
  Expr* rhs;
};

// module_name #(.P (v), ...) instance_name (.port (expr), ...);
class Instance : public ModuleItem {
 public:
  struct Connection {
    std::string name;
    Expr* value;  // nullptr: unconnected, `.x_o ()`
  };
  Instance(std::string module_name, std::string instance_name)
      : ModuleItem(ItemKind::kInstance),
        module_name_(std::move(module_name)),
        instance_name_(std::move(instance_name)) {}

  Instance* Param(std::string_view name, Expr* value);
  Instance* Connect(std::string_view port, Expr* value);  // value nullptr leaves it open
  Instance* Open(std::string_view port) { return Connect(port, nullptr); }

  const std::string& module_name() const { return module_name_; }
  const std::string& instance_name() const { return instance_name_; }
  const std::vector<Connection>& params() const { return params_; }
  const std::vector<Connection>& ports() const { return ports_; }

 private:
  std::string module_name_;
  std::string instance_name_;
  std::vector<Connection> params_;
  std::vector<Connection> ports_;
};

enum class Edge { kPosedge, kNegedge };

struct Event {
  Edge edge;
  Expr* signal;
};

// always @(posedge a or negedge b) / always @* (no events).
struct AlwaysItem : ModuleItem {
  AlwaysItem(std::vector<Event> e, Block* b)
      : ModuleItem(ItemKind::kAlways), events(std::move(e)), body(b) {}
  std::vector<Event> events;
  Block* body;
};

struct InitialItem : ModuleItem {
  explicit InitialItem(Block* b) : ModuleItem(ItemKind::kInitial), body(b) {}
  Block* body;
};

// ---------------------------------------------------------------------------------------------
// Module: the arena, the header (comments, parameters, ports) and the body items, in order.
//
// Layout done by the printer: instances, always and initial blocks are set off by one blank line
// from their neighbours (a comment right before one stays attached to it); AddBlank() adds a
// blank line elsewhere; runs of consecutive blank lines collapse to one. Consecutive
// wire/reg declarations, and the ports, are aligned in columns.
class Module {
 public:
  explicit Module(std::string_view name);
  Module(Module&&) = default;  // a moved-from Module must not be used
  Module& operator=(Module&&) = default;

  const std::string& name() const { return name_; }

  // Makes a node owned by this module.
  template <typename T, typename... Args>
  T* Make(Args&&... args) {
    return arena_->Make<T>(std::forward<Args>(args)...);
  }
  Arena* arena() const { return arena_.get(); }

  // --- Expressions. Operands must not be null (a literal 0 passed for an Expr* is caught).
  Identifier* Id(std::string_view name);
  Literal* Lit(int width, uint64_t value, Radix radix = Radix::kDecimal);  // 8'd5
  Literal* Hex(int width, uint64_t value) { return Lit(width, value, Radix::kHex); }
  Literal* Bin(int width, uint64_t value) { return Lit(width, value, Radix::kBinary); }
  Literal* WideLit(int width, std::vector<uint64_t> words, Radix radix = Radix::kHex);
  IntLiteral* Int(int64_t value);  // 4
  StringLiteral* Str(std::string_view value);

  UnaryExpr* Unary(UnaryOp op, Expr* x);
  UnaryExpr* Not(Expr* x) { return Unary(UnaryOp::kLogicalNot, x); }  // !x
  UnaryExpr* BitNot(Expr* x) { return Unary(UnaryOp::kBitNot, x); }   // ~x
  UnaryExpr* Neg(Expr* x) { return Unary(UnaryOp::kNegate, x); }      // -x
  UnaryExpr* AndReduce(Expr* x) { return Unary(UnaryOp::kAndReduce, x); }
  UnaryExpr* OrReduce(Expr* x) { return Unary(UnaryOp::kOrReduce, x); }
  UnaryExpr* XorReduce(Expr* x) { return Unary(UnaryOp::kXorReduce, x); }

  BinaryExpr* Binary(BinaryOp op, Expr* a, Expr* b);
  BinaryExpr* Add(Expr* a, Expr* b) { return Binary(BinaryOp::kAdd, a, b); }
  BinaryExpr* Sub(Expr* a, Expr* b) { return Binary(BinaryOp::kSub, a, b); }
  BinaryExpr* Mul(Expr* a, Expr* b) { return Binary(BinaryOp::kMul, a, b); }
  BinaryExpr* Div(Expr* a, Expr* b) { return Binary(BinaryOp::kDiv, a, b); }
  BinaryExpr* Mod(Expr* a, Expr* b) { return Binary(BinaryOp::kMod, a, b); }
  BinaryExpr* Shl(Expr* a, Expr* b) { return Binary(BinaryOp::kShl, a, b); }    // <<
  BinaryExpr* Shr(Expr* a, Expr* b) { return Binary(BinaryOp::kShr, a, b); }    // >>
  BinaryExpr* Ashr(Expr* a, Expr* b) { return Binary(BinaryOp::kAshr, a, b); }  // >>>
  BinaryExpr* Lt(Expr* a, Expr* b) { return Binary(BinaryOp::kLt, a, b); }
  BinaryExpr* Le(Expr* a, Expr* b) { return Binary(BinaryOp::kLe, a, b); }
  BinaryExpr* Gt(Expr* a, Expr* b) { return Binary(BinaryOp::kGt, a, b); }
  BinaryExpr* Ge(Expr* a, Expr* b) { return Binary(BinaryOp::kGe, a, b); }
  BinaryExpr* Eq(Expr* a, Expr* b) { return Binary(BinaryOp::kEq, a, b); }
  BinaryExpr* Ne(Expr* a, Expr* b) { return Binary(BinaryOp::kNe, a, b); }
  BinaryExpr* BitAnd(Expr* a, Expr* b) { return Binary(BinaryOp::kBitAnd, a, b); }
  BinaryExpr* BitOr(Expr* a, Expr* b) { return Binary(BinaryOp::kBitOr, a, b); }
  BinaryExpr* BitXor(Expr* a, Expr* b) { return Binary(BinaryOp::kBitXor, a, b); }
  BinaryExpr* LogicalAnd(Expr* a, Expr* b) { return Binary(BinaryOp::kLogicalAnd, a, b); }
  BinaryExpr* LogicalOr(Expr* a, Expr* b) { return Binary(BinaryOp::kLogicalOr, a, b); }

  TernaryExpr* Ternary(Expr* cond, Expr* if_true, Expr* if_false);
  // The int overloads make unsized decimal literals: m.Slice(q, 7, 0), m.Index(mem, 3).
  BitSelect* Index(Expr* base, Expr* index);
  BitSelect* Index(Expr* base, int index) { return Index(base, Int(index)); }
  PartSelect* Slice(Expr* base, Expr* msb, Expr* lsb);
  PartSelect* Slice(Expr* base, int msb, int lsb) { return Slice(base, Int(msb), Int(lsb)); }
  PartSelect* Slice(Expr* base, Expr* msb, int lsb) { return Slice(base, msb, Int(lsb)); }
  PartSelect* Slice(Expr* base, int msb, Expr* lsb) { return Slice(base, Int(msb), lsb); }
  IndexedPartSelect* IndexedSlice(Expr* base, Expr* start, Expr* width);  // base[start +: width]
  IndexedPartSelect* IndexedSlice(Expr* base, Expr* start, int width) {
    return IndexedSlice(base, start, Int(width));
  }
  IndexedPartSelect* IndexedSlice(Expr* base, int start, int width) {
    return IndexedSlice(base, Int(start), Int(width));
  }
  IndexedPartSelect* IndexedSliceDown(Expr* base, Expr* start, Expr* width);  // [start -: width]
  Concatenation* Concat(std::vector<Expr*> elements);
  Replication* Replicate(Expr* count, Expr* element);  // {count{element}}
  Replication* Replicate(int count, Expr* element) { return Replicate(Int(count), element); }
  Replication* Replicate(Expr* count, std::vector<Expr*> elements);
  SystemCall* Signed(Expr* x) { return SysCall("$signed", {x}); }
  SystemCall* Unsigned(Expr* x) { return SysCall("$unsigned", {x}); }
  SystemCall* Clog2(Expr* x) { return SysCall("$clog2", {x}); }
  SystemCall* SysCall(std::string_view name, std::vector<Expr*> args);

  // --- Header.
  void AddHeaderComment(std::string_view text);  // lines above `module`
  Identifier* AddParameter(std::string_view name, Expr* value,
                           ParamType type = ParamType::Integer());
  Identifier* AddInput(std::string_view name, Type type = Wire());  // must be a wire
  Identifier* AddOutput(std::string_view name, Type type = Wire());

  // --- Body items, printed in the order added.
  void AddComment(std::string_view text);  // one "// " line per '\n'-separated line
  void AddBlank();
  Identifier* AddLocalParam(std::string_view name, Expr* value,
                            ParamType type = ParamType::Integer());
  Identifier* AddDecl(std::string_view name, Type type, Expr* init = nullptr);
  Identifier* AddWire(std::string_view name, Width width = {}, Expr* init = nullptr) {
    return AddDecl(name, Wire(width), init);
  }
  Identifier* AddReg(std::string_view name, Width width = {}) { return AddDecl(name, Reg(width)); }
  Identifier* AddInteger(std::string_view name);
  void AddAssign(Expr* lhs, Expr* rhs);  // assign lhs = rhs;
  Instance* AddInstance(std::string_view module_name, std::string_view instance_name);
  // always @(posedge clk) or, with a reset, always @(posedge clk or negedge rst_n).
  Block* AddAlwaysFf(Expr* clk, Expr* rst_n = nullptr);
  Block* AddAlwaysComb();  // always @*
  Block* AddAlways(std::vector<Event> events);
  Block* AddInitial();

  // --- Read access (the printer's).
  const std::vector<std::string>& header_comments() const { return header_comments_; }
  const std::vector<Parameter>& parameters() const { return parameters_; }
  const std::vector<Port>& ports() const { return ports_; }
  const std::vector<ModuleItem*>& items() const { return items_; }

 private:
  template <typename T, typename... Args>
  T* AddItem(Args&&... args) {
    T* item = Make<T>(std::forward<Args>(args)...);
    items_.push_back(item);
    return item;
  }

  std::string name_;
  std::unique_ptr<Arena> arena_;
  std::vector<std::string> header_comments_;
  std::vector<Parameter> parameters_;
  std::vector<Port> ports_;
  std::vector<ModuleItem*> items_;
};

// The whole file text for one module: LF line ends, 2-space indent, no tabs, no trailing
// spaces, lines kept within 100 columns where they can be broken, one final newline.
// Throws std::logic_error if the module is malformed (see the top of this file).
std::string EmitModule(const Module& module);

// One expression as it would print inside a statement, on one line (for tests and messages).
std::string EmitExpr(const Expr& expr);

}  // namespace rnngen::vast

#endif  // RNNGEN_EMIT_VAST_H_
